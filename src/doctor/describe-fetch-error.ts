/**
 * Why a request got no HTTP answer, in words: fetch only says "fetch failed" and hides the
 * system error code (ECONNREFUSED, ENOTFOUND, …) in `cause`.
 */
export function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  const cause = err instanceof Error ? err.cause : undefined;
  const code =
    typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  if (code === 'ECONNREFUSED') return 'connection refused: nothing listens there (ECONNREFUSED)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host not found (${code})`;
  if (code === 'ECONNRESET') return 'connection reset (ECONNRESET)';
  if (/CERT|SSL|TLS/i.test(code)) return `TLS error (${code})`;
  const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : '';
  return [message || String(err), code && !message.includes(code) ? `(${code})` : '']
    .filter(Boolean)
    .join(' ');
}

/** The first line of a response body, short enough for a one-line report. */
export function excerpt(body: string, max = 160): string {
  const line = body.trim().split('\n')[0] ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** True when PUBLIC_URL points at this machine, where the providers cannot reach it. */
export function isLocalUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
