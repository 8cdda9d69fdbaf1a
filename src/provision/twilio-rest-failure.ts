import { maskPhone } from '../lib/mask.js';

/** What a failed Twilio REST request says, ready for a named error of the caller's kind. */
export interface TwilioRestFailure {
  message: string;
  hint: string | undefined;
  context: Record<string, unknown>;
}

/** Hints per HTTP status and Twilio error code; a 401 always points at the credentials. */
export type TwilioHint = (code: number | undefined) => string | undefined;

/**
 * Reads what twilio-node throws. RestException (legacy JSON errors) and
 * TwilioServiceException (RFC 9457) carry the HTTP `status`, Twilio's `code`, `moreInfo` and
 * a message; anything without a status never got an answer. Twilio's messages may quote the
 * numbers of the request, so every one of `numbers` is masked there: the text ends up in
 * logs and in stored errors.
 */
export function readTwilioFailure(
  err: unknown,
  opts: {
    /** What was attempted, e.g. `SMS via Twilio to +7707*****67`. */
    subject: string;
    numbers: string[];
    context: Record<string, unknown>;
    hint: TwilioHint;
  },
): TwilioRestFailure {
  const status = numberField(err, 'status');
  const code = numberField(err, 'code');
  const moreInfo = stringField(err, 'moreInfo');
  let detail = err instanceof Error ? err.message : String(err);
  for (const n of opts.numbers) detail = detail.split(n).join(maskPhone(n));
  const context = { ...opts.context, status, code, moreInfo };
  if (status === undefined) {
    return {
      message: `${opts.subject}: could not reach the Twilio API: ${detail}`,
      hint: 'Check the network connection (and HTTP_PROXY, if one is needed).',
      context,
    };
  }
  const twilioCode = code === undefined ? '' : `, Twilio error ${code}`;
  const hint =
    status === 401
      ? 'Check TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (Console, Account Info).'
      : (opts.hint(code) ?? (moreInfo ? `See ${moreInfo}.` : undefined));
  return {
    message: `${opts.subject} was refused (HTTP ${status}${twilioCode}): ${detail}`,
    hint,
    context,
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function numberField(value: unknown, key: string): number | undefined {
  const v = field(value, key);
  return typeof v === 'number' ? v : undefined;
}

function stringField(value: unknown, key: string): string | undefined {
  const v = field(value, key);
  return typeof v === 'string' && v !== '' ? v : undefined;
}
