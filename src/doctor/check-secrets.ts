import type { Config } from '../config/config.js';
import { ok, warn, type CheckResult } from './check-result.js';

/**
 * The webhook secrets are present and verification is on. A missing secret is a warning,
 * not a failure: a deployment may use only one of the providers.
 */
export function checkSecrets(config: Config): CheckResult[] {
  const rejected = (provider: string) =>
    config.verifyWebhooks
      ? `not set: every ${provider} webhook is rejected with 403`
      : `not set: ${provider} webhooks will be rejected once WEBHOOK_VERIFICATION is on`;
  return [
    config.twilioAuthToken
      ? ok('TWILIO_AUTH_TOKEN', 'set')
      : warn(
          'TWILIO_AUTH_TOKEN',
          rejected('Twilio'),
          "Set TWILIO_AUTH_TOKEN in .env to the account's primary Auth Token (Twilio console → Account info) and restart `npm start`; ignore if you do not use Twilio.",
        ),
    config.vonageSignatureSecret
      ? ok('VONAGE_SIGNATURE_SECRET', 'set')
      : warn(
          'VONAGE_SIGNATURE_SECRET',
          rejected('Vonage'),
          'Set VONAGE_SIGNATURE_SECRET in .env to the signature secret (Vonage dashboard → Settings → Signature secret) and restart `npm start`; ignore if you do not use Vonage.',
        ),
    config.verifyWebhooks
      ? ok('webhook verification', 'on')
      : warn(
          'webhook verification',
          'off (WEBHOOK_VERIFICATION=off-for-development): anyone who can reach PUBLIC_URL can drive calls',
          'Remove WEBHOOK_VERIFICATION from .env (or set it to on) once the secrets are set.',
        ),
  ];
}
