import { TWILIO_PATHS } from '../providers/twilio/constants.js';
import { VONAGE_PATHS } from '../providers/vonage/constants.js';
import { ProvisionError } from './provision-error.js';

/** The webhook URLs a provider must call, all built from PUBLIC_URL and the routes' paths. */
export interface WebhookTargets {
  twilio: { voiceUrl: string; fallbackUrl: string; statusCallback: string };
  vonage: { answerUrl: string; eventUrl: string; fallbackAnswerUrl: string };
}

// Hosts that only mean something on this machine. PUBLIC_URL defaults to
// http://localhost:PORT so `npm start` works offline, which is exactly what must never be
// written into a provider's configuration.
const LOCAL_HOSTS = new Set(['localhost', '0.0.0.0', '[::1]', '[::]']);

function isLocalHost(hostname: string): boolean {
  return (
    LOCAL_HOSTS.has(hostname) ||
    hostname.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

/**
 * Computes the URLs to configure from PUBLIC_URL (no trailing slash, as Config gives it) and
 * the paths the routers serve (TWILIO_PATHS, VONAGE_PATHS), so provisioning and the server can
 * never disagree on a path. Throws ProvisionError when PUBLIC_URL points at this machine:
 * the provider cannot reach it, and the server checks signatures against PUBLIC_URL, so it
 * has to be the tunnel's URL before anything is configured.
 *
 * @param provider Named in the refusal, e.g. `Twilio`.
 */
export function webhookTargets(publicUrl: string, provider: string): WebhookTargets {
  if (isLocalHost(new URL(publicUrl).hostname)) {
    throw new ProvisionError(
      `PUBLIC_URL is ${publicUrl}, which ${provider} cannot reach. Set PUBLIC_URL to the ngrok https:// URL first.`,
      {
        hint:
          'Start the tunnel (README: "Point a number at it through ngrok"), put the https://… URL ' +
          'it prints into PUBLIC_URL in .env, restart the server, then run this command again.',
      },
    );
  }
  return {
    twilio: {
      voiceUrl: publicUrl + TWILIO_PATHS.voice,
      fallbackUrl: publicUrl + TWILIO_PATHS.fallback,
      statusCallback: publicUrl + TWILIO_PATHS.status,
    },
    vonage: {
      answerUrl: publicUrl + VONAGE_PATHS.answer,
      eventUrl: publicUrl + VONAGE_PATHS.event,
      fallbackAnswerUrl: publicUrl + VONAGE_PATHS.fallback,
    },
  };
}
