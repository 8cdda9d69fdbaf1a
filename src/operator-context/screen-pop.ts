import { createHmac } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { TransferContext } from '../flow/transfer-context.js';
import type { Logger } from '../lib/logger.js';

/** Header with `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`. */
export const SIGNATURE_HEADER = 'X-IVR-Signature';
/** Header with the Unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = 'X-IVR-Timestamp';

/** What became of one screen-pop request. Failures are reported, never thrown. */
export type ScreenPopOutcome =
  | { sent: true; status: number; ms: number }
  | {
      sent: false;
      /** `timeout`: no answer within the budget; `rejected`: a non-2xx answer; `unreachable`. */
      reason: 'timeout' | 'rejected' | 'unreachable';
      status: number | null;
      ms: number;
    };

/** Posts one transfer's context; the promise always resolves. */
export type ScreenPop = (context: TransferContext) => Promise<ScreenPopOutcome>;

export interface ScreenPopOptions {
  url: string;
  secret: string;
  timeoutMs: number;
  logger: Logger;
  /** Unix time in seconds for the timestamp header; default the system clock. */
  nowSec?: () => number;
  /** The HTTP client; default the global fetch. */
  fetch?: typeof fetch;
}

/** `sha256=<hex>`: HMAC-SHA256 with `secret` of `${timestamp}.${body}`. */
export function screenPopSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * The screen-pop webhook (docs/operator-context.md): `POST {url}` with the JSON body
 * `{ "event": "transfer", "context": … }`, signed with the shared secret over the
 * timestamp and the exact body, so a receiver can reject forged and replayed requests.
 * One attempt within `timeoutMs`: a screen that pops after the agent said hello is no use,
 * and the caller must never wait for it. Failures and timeouts are logged (the caller's
 * number only masked, as the context carries it) and resolved, never thrown.
 */
export function createScreenPop(opts: ScreenPopOptions): ScreenPop {
  const nowSec = opts.nowSec ?? (() => Math.floor(Date.now() / 1000));
  const host = new URL(opts.url).host;
  return async (context) => {
    const started = Date.now();
    const ms = () => Date.now() - started;
    const log = opts.logger.child({
      callId: context.callId,
      caller: context.maskedCaller,
      target: context.target.id,
      host,
    });
    try {
      const body = JSON.stringify({ event: 'transfer', context });
      const timestamp = String(nowSec());
      const res = await (opts.fetch ?? fetch)(opts.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json; charset=utf-8',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: screenPopSignature(opts.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(opts.timeoutMs),
        redirect: 'manual',
      });
      // Only the status matters; the body is dropped so the connection is freed.
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        log.debug({ status: res.status, ms: ms() }, 'screen pop sent');
        return { sent: true, status: res.status, ms: ms() };
      }
      log.warn({ status: res.status, ms: ms() }, 'screen pop rejected by the receiver');
      return { sent: false, reason: 'rejected', status: res.status, ms: ms() };
    } catch (err) {
      const timedOut = err instanceof Error && err.name === 'TimeoutError';
      log.warn(
        { err: err instanceof Error ? err.message : String(err), ms: ms() },
        timedOut
          ? `screen pop timed out after ${opts.timeoutMs} ms`
          : 'screen pop receiver unreachable',
      );
      return { sent: false, reason: timedOut ? 'timeout' : 'unreachable', status: null, ms: ms() };
    }
  };
}

/** The screen pop the configuration asks for, or null when SCREEN_POP_URL is not set. */
export function screenPopFromConfig(config: Config, logger: Logger): ScreenPop | null {
  if (!config.screenPopUrl || !config.screenPopSecret) return null;
  return createScreenPop({
    url: config.screenPopUrl,
    secret: config.screenPopSecret,
    timeoutMs: config.screenPopTimeoutMs,
    logger,
  });
}
