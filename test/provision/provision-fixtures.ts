import { parseConfig, type Config } from '../../src/config/config.js';
import type { VonageApplicationResource } from '../support/fake-vonage-api.js';

export const PUBLIC_URL = 'https://ivr-test.ngrok.app';
export const TWILIO_SID = `AC${'0123456789abcdef'.repeat(2)}`;
export const TWILIO_TOKEN = 'twilio-test-auth-token-0123456789';
export const VONAGE_KEY = 'abcd1234';
export const VONAGE_SECRET = 'vonage-test-api-secret-0123456789';
export const VONAGE_SIGNATURE = 'vonage-test-signature-secret-0123456789';
export const APP_ID = '78d335fa-323d-0114-9c3d-d6f0d48968cf';

/** A Config with every provisioning credential set; `env` overrides or removes (undefined). */
export function provisionConfig(env: Record<string, string | undefined> = {}): Config {
  return parseConfig({
    PUBLIC_URL,
    TWILIO_ACCOUNT_SID: TWILIO_SID,
    TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
    VONAGE_API_KEY: VONAGE_KEY,
    VONAGE_API_SECRET: VONAGE_SECRET,
    VONAGE_SIGNATURE_SECRET: VONAGE_SIGNATURE,
    ...env,
  });
}

/** Collects what a provisioner prints. */
export function capture(): { out: (text: string) => void; text: () => string } {
  const chunks: string[] = [];
  return { out: (t) => chunks.push(t), text: () => chunks.join('') };
}

/**
 * A voice application configured elsewhere before, shaped like the Application API's
 * documented GET response (without `_links`), with other capabilities that must survive.
 */
export function existingApplication(): VonageApplicationResource {
  return {
    id: APP_ID,
    name: 'IVR demo',
    keys: {
      public_key:
        '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCA\n-----END PUBLIC KEY-----\n',
    },
    capabilities: {
      voice: {
        webhooks: {
          answer_url: {
            address: 'https://old.example.com/webhooks/answer',
            http_method: 'GET',
            connection_timeout: 500,
            socket_timeout: 3000,
          },
          fallback_answer_url: { address: '', http_method: 'GET' },
          event_url: { address: 'https://old.example.com/webhooks/event', http_method: 'POST' },
        },
        region: 'na-east',
      },
      messages: {
        webhooks: {
          inbound_url: { address: 'https://old.example.com/webhooks/inbound', http_method: 'POST' },
          status_url: { address: 'https://old.example.com/webhooks/status', http_method: 'POST' },
        },
      },
      rtc: {
        webhooks: {
          event_url: { address: 'https://old.example.com/webhooks/rtc', http_method: 'POST' },
        },
      },
    },
    privacy: { improve_ai: false },
  };
}
