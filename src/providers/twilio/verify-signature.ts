import type { RequestHandler } from 'express';
import twilio from 'twilio';
import { SignatureError } from '../../errors/signature-error.js';
import { markVerified } from '../../http/webhook-verified.js';

export interface TwilioVerifyOptions {
  authToken: string | null;
  /** The URL Twilio calls, e.g. the ngrok URL; the local URL differs behind a proxy. */
  publicUrl: string;
  enabled: boolean;
}

/**
 * Checks X-Twilio-Signature with twilio's own validator against PUBLIC_URL + path, never
 * the Host the request arrived with (ngrok and TLS proxies rewrite it). The validator also
 * tries the URL with and without the port, since Twilio drops the port of HTTPS URLs.
 */
export function verifyTwilioSignature(opts: TwilioVerifyOptions): RequestHandler {
  return (req, res, next) => {
    if (!opts.enabled) {
      markVerified(res);
      return next();
    }
    if (!opts.authToken) {
      throw new SignatureError('Twilio webhook rejected: TWILIO_AUTH_TOKEN is not set', {
        hint: 'Set TWILIO_AUTH_TOKEN to the primary Auth Token of the account in .env.',
      });
    }
    const signature = req.header('X-Twilio-Signature');
    if (!signature) {
      throw new SignatureError('Twilio webhook rejected: no X-Twilio-Signature header', {
        context: { path: req.path },
      });
    }
    const url = opts.publicUrl + req.originalUrl;
    const params = req.method === 'POST' ? ((req.body ?? {}) as Record<string, unknown>) : {};
    if (!twilio.validateRequest(opts.authToken, signature, url, params)) {
      throw new SignatureError('Twilio webhook rejected: X-Twilio-Signature does not match', {
        hint: 'PUBLIC_URL must be exactly the base of the URL configured in Twilio, and TWILIO_AUTH_TOKEN the primary token.',
        context: { url },
      });
    }
    markVerified(res);
    next();
  };
}
