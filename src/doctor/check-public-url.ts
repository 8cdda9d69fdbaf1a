import type { Config } from '../config/config.js';
import { fail, ok, warn, type CheckResult } from './check-result.js';
import { describeFetchError, excerpt, isLocalUrl } from './describe-fetch-error.js';
import type { DoctorDeps } from './doctor-deps.js';

const LABEL = 'PUBLIC_URL reachable';

/** Above this a tunnel is slow: every webhook of a call pays it, before the CRM lookup. */
const SLOW_MS = 1500;

/**
 * `GET {PUBLIC_URL}/health` from this machine answers 200 `{ ok: true }`: the same road the
 * providers take (through ngrok), so it proves the tunnel and the server are both up.
 */
export async function checkPublicUrl(
  config: Config,
  deps: Pick<DoctorDeps, 'fetch' | 'clock' | 'httpTimeoutMs'>,
): Promise<CheckResult> {
  const url = `${config.publicUrl}/health`;
  const started = deps.clock.nowMs();
  let status: number;
  let body: string;
  try {
    const res = await deps.fetch(url, {
      method: 'GET',
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.httpTimeoutMs),
    });
    status = res.status;
    body = await res.text();
  } catch (err) {
    return fail(
      LABEL,
      `GET ${url}: ${describeFetchError(err, deps.httpTimeoutMs)}`,
      unreachableFix(config),
    );
  }
  const ms = Math.round(deps.clock.nowMs() - started);

  if (status !== 200) {
    const ngrokCode = /ERR_NGROK_\d+/.exec(body)?.[0];
    const what = `GET ${url} → HTTP ${status}${ngrokCode ? ` (${ngrokCode})` : ''}: ${excerpt(body)}`;
    return fail(LABEL, what, httpFix(config, status, ngrokCode));
  }
  if (!isHealthy(body)) {
    return fail(
      LABEL,
      `GET ${url} → 200 but not {"ok":true}: ${excerpt(body)}`,
      'Something other than this IVR answers at PUBLIC_URL: set PUBLIC_URL to the URL ngrok forwards to `npm start`.',
    );
  }
  const local = isLocalUrl(config.publicUrl)
    ? ' (a local address: fine on this machine, but Twilio and Vonage need the public ngrok URL)'
    : '';
  if (ms > SLOW_MS) {
    return warn(
      LABEL,
      `GET /health → 200 in ${ms} ms: slow${local}`,
      'Every webhook pays this delay: use an ngrok region near you (`--region`) and check the network.',
    );
  }
  return ok(LABEL, `GET /health → 200 in ${ms} ms${local}`);
}

function isHealthy(body: string): boolean {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && 'ok' in parsed && parsed.ok === true;
  } catch {
    return false;
  }
}

/** No HTTP answer at all: the server, the tunnel or the URL. */
function unreachableFix(config: Config): string {
  if (isLocalUrl(config.publicUrl)) {
    return `Is \`npm start\` running? It listens on PORT=${config.port}; PUBLIC_URL must use the same port.`;
  }
  return (
    'Is `npm start` running? Is ngrok running (`ngrok start --config ~/.config/ngrok/ngrok.yml --config ngrok.yml ivr`)? ' +
    'Is PUBLIC_URL exactly the https URL ngrok prints (it changes when a free tunnel restarts)? Restart `npm start` after changing .env.'
  );
}

/** An HTTP answer, but not ours: ngrok's own errors say which side is missing. */
function httpFix(config: Config, status: number, ngrokCode: string | undefined): string {
  if (ngrokCode === 'ERR_NGROK_3200' || (status === 404 && ngrokCode)) {
    return 'The ngrok endpoint is offline: start ngrok, or set PUBLIC_URL to the URL it prints now.';
  }
  if (ngrokCode === 'ERR_NGROK_8012' || status === 502 || status === 504) {
    return `The tunnel is up but cannot reach the server: start \`npm start\` and check that ngrok forwards to PORT=${config.port}.`;
  }
  return 'PUBLIC_URL does not lead to this IVR server: set it to the URL ngrok forwards to `npm start` (no path after the host).';
}
