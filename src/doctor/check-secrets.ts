import type { Config } from '../config/config.js';
import type { DevelopmentSecretsUse } from '../config/development-secrets.js';
import { ok, warn, type CheckResult } from './check-result.js';

/**
 * The webhook secrets are present and verification is on. A missing secret is a warning,
 * not a failure: a deployment may use only one of the providers.
 */
export function checkSecrets(
  config: Config,
  development: DevelopmentSecretsUse | null = null,
): CheckResult[] {
  const local = (variable: DevelopmentSecretsUse['variables'][number], provider: string) =>
    development?.variables.includes(variable)
      ? warn(
          variable,
          `not set: local calls use the development secret in ${development.file}; a real ${provider} webhook would be rejected with 403`,
          `Set ${variable} in .env before pointing a ${provider} number at this server.`,
        )
      : null;
  const rejected = (provider: string) =>
    config.verifyWebhooks
      ? `not set: every ${provider} webhook is rejected with 403`
      : `not set: ${provider} webhooks will be rejected once WEBHOOK_VERIFICATION is on`;
  return [
    local('TWILIO_AUTH_TOKEN', 'Twilio') ??
      (config.twilioAuthToken
        ? ok('TWILIO_AUTH_TOKEN', 'set')
        : warn(
            'TWILIO_AUTH_TOKEN',
            rejected('Twilio'),
            "Set TWILIO_AUTH_TOKEN in .env to the account's primary Auth Token (Twilio console → Account info) and restart `npm start`; ignore if you do not use Twilio.",
          )),
    local('VONAGE_SIGNATURE_SECRET', 'Vonage') ??
      (config.vonageSignatureSecret
        ? ok('VONAGE_SIGNATURE_SECRET', 'set')
        : warn(
            'VONAGE_SIGNATURE_SECRET',
            rejected('Vonage'),
            'Set VONAGE_SIGNATURE_SECRET in .env to the signature secret (Vonage dashboard → Settings → Signature secret) and restart `npm start`; ignore if you do not use Vonage.',
          )),
    config.verifyWebhooks
      ? ok('webhook verification', 'on')
      : warn(
          'webhook verification',
          'off (WEBHOOK_VERIFICATION=off-for-development): anyone who can reach PUBLIC_URL can drive calls',
          'Remove WEBHOOK_VERIFICATION from .env (or set it to on) once the secrets are set.',
        ),
  ];
}
