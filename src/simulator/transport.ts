/** One HTTP request as a provider would send it: the URL is the public (signed) one. */
export interface SimRequest {
  method: 'GET' | 'POST';
  /** Absolute public URL, e.g. https://abc.ngrok.app/twilio/voice?x=1. */
  url: string;
  headers: Record<string, string>;
  /** The exact bytes sent (signatures cover them). */
  body?: string;
}

export interface SimResponse {
  status: number;
  contentType: string;
  body: string;
}

/** Delivers a simulated provider request to the app (in-process or over HTTP). */
export type Transport = (req: SimRequest) => Promise<SimResponse>;

/**
 * Sends requests to a running server at `localBase` although they are signed for
 * `publicUrl`, just like ngrok forwarding a provider's request.
 */
export function httpTransport(localBase: string, publicUrl: string): Transport {
  return async (req) => {
    const base = localBase.replace(/\/+$/, '');
    const local = base + pathOf(req.url, publicUrl);
    let res: Response;
    try {
      res = await fetch(local, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
    } catch (err) {
      throw unreachable(base, err);
    }
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: await res.text(),
    };
  };
}

/**
 * fetch's own "fetch failed" says nothing: name the address and the likely cause, a server
 * that is not running there.
 */
function unreachable(base: string, err: unknown): Error {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
  return new Error(
    `no server answers at ${base} (${why}): is it running? Start it with npm start ` +
      '(PORT in .env), or give its address with --url',
  );
}

/** The path and query of `url` below `publicUrl`. */
export function pathOf(url: string, publicUrl: string): string {
  if (url.startsWith(publicUrl)) return url.slice(publicUrl.length) || '/';
  const u = new URL(url);
  return u.pathname + u.search;
}
