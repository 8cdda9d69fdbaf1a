import { Vonage } from '@vonage/server-sdk';
import type { Config } from '../config/config.js';
import { formatChanges, type FieldChange } from './format-changes.js';
import type { Output } from './output.js';
import { ProvisionError } from './provision-error.js';
import { vonageApplicationSchema, type VonageApplication } from './vonage-application.js';
import { webhookTargets, type WebhookTargets } from './webhook-targets.js';

/** What to provision: one Vonage application. */
export interface VonageProvisionRequest {
  /** The application id (a UUID), as shown in the dashboard. */
  applicationId: string;
  /** Read and report only: no write request is made. */
  dryRun: boolean;
}

export interface VonageProvisionOptions {
  out: Output;
  /** Tests only: a local fake instead of https://api.nexmo.com (the SDK's `apiHost`). */
  apiHost?: string;
}

/** Where the Application API v2 lives (its documented server, also the SDK's default). */
const VONAGE_API_HOST = 'https://api.nexmo.com';

const APPLICATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** POST everywhere: answer requests then carry a body, and the signed JWT covers it. */
const METHOD = 'POST';

const WEBHOOKS = ['answer_url', 'event_url', 'fallback_answer_url'] as const;

/**
 * Points one Vonage application at this server: in `capabilities.voice.webhooks`, answer_url,
 * event_url and fallback_answer_url become PUBLIC_URL + VONAGE_PATHS (answer, event,
 * fallback) with http_method POST, and `capabilities.voice.signed_callbacks` becomes true
 * (the server rejects unsigned webhooks). Reads the application, prints a before → after
 * table and (unless `dryRun`, or nothing differs) writes it back with one PUT of the whole
 * application: other capabilities, keys and webhook timeouts are sent back as read.
 *
 * The SDK's getApplication()/updateApplication() convert keys between snake_case and
 * camelCase (getApplication returns both at once), which cannot round-trip an application
 * faithfully; so the SDK client's own request methods (auth, host, errors) carry the
 * documented JSON unchanged.
 *
 * @throws ProvisionError for a localhost PUBLIC_URL, missing or rejected credentials, a
 *   malformed or unknown application id, and API failures.
 * @returns the managed settings before and after (planned, for a dry run) and whether the
 *   application was written.
 */
export async function provisionVonage(
  config: Config,
  request: VonageProvisionRequest,
  options: VonageProvisionOptions,
): Promise<{ changes: FieldChange[]; written: boolean }> {
  const targets = webhookTargets(config.publicUrl, 'Vonage').vonage;
  const { apiKey, apiSecret } = vonageCredentials(config);
  const id = request.applicationId.trim();
  if (!APPLICATION_ID.test(id)) {
    throw new ProvisionError(`--application ${request.applicationId} is not an application id.`, {
      hint: 'Copy the id (a UUID such as 78d335fa-323d-0114-9c3d-d6f0d48968cf) from Dashboard → Applications.',
    });
  }
  const apiHost = options.apiHost ?? VONAGE_API_HOST;
  const applications = new Vonage({ apiKey, apiSecret }, { apiHost, timeout: 15_000 }).applications;
  const url = `${apiHost}/v2/applications/${id}`;

  const current = parseApplication(
    (await callVonage(() => applications.sendGetRequest<unknown>(url), id)).data,
  );
  const next = withIvrWebhooks(current, targets);
  const planned = compare(current, next);
  const subject = `Vonage application "${current.name}" (${id}), capabilities.voice:`;
  const differs = planned.some((c) => c.before !== c.after);

  if (request.dryRun || !differs) {
    options.out(formatChanges(subject, planned, request.dryRun ? 'dry-run' : 'unchanged'));
    remindSignatureSecret(config, options.out);
    return { changes: planned, written: false };
  }
  const saved = parseApplication(
    (await callVonage(() => applications.sendPutRequest<unknown>(url, next), id)).data,
  );
  // Report what Vonage now holds, not what we asked for.
  const applied = compare(current, saved);
  options.out(formatChanges(subject, applied, 'applied'));
  remindSignatureSecret(config, options.out);
  return { changes: applied, written: true };
}

function vonageCredentials(config: Config): { apiKey: string; apiSecret: string } {
  const { vonageApiKey: apiKey, vonageApiSecret: apiSecret } = config;
  if (apiKey && apiSecret) return { apiKey, apiSecret };
  const missing = [!apiKey && 'VONAGE_API_KEY', !apiSecret && 'VONAGE_API_SECRET'];
  throw new ProvisionError(
    `Vonage credentials missing: set ${missing.filter(Boolean).join(' and ')} in .env.`,
    { hint: 'Both are in the Vonage dashboard under API settings.' },
  );
}

/** The application with our webhooks and signed callbacks; everything else as read. */
function withIvrWebhooks(
  app: VonageApplication,
  targets: WebhookTargets['vonage'],
): VonageApplication {
  // `_links` is HAL metadata of the response, not part of an application.
  const { _links, ...body } = app;
  const voice = app.capabilities?.voice ?? {};
  const hooks = voice.webhooks ?? {};
  return {
    ...body,
    capabilities: {
      ...app.capabilities,
      voice: {
        ...voice,
        webhooks: {
          ...hooks,
          // Spread first: connection_timeout/socket_timeout tuned in the dashboard survive.
          answer_url: { ...hooks.answer_url, address: targets.answerUrl, http_method: METHOD },
          event_url: { ...hooks.event_url, address: targets.eventUrl, http_method: METHOD },
          fallback_answer_url: {
            ...hooks.fallback_answer_url,
            address: targets.fallbackAnswerUrl,
            http_method: METHOD,
          },
        },
        signed_callbacks: true,
      },
    },
  };
}

function compare(before: VonageApplication, after: VonageApplication): FieldChange[] {
  const rows: FieldChange[] = [];
  const hooksBefore = before.capabilities?.voice?.webhooks;
  const hooksAfter = after.capabilities?.voice?.webhooks;
  for (const hook of WEBHOOKS) {
    for (const key of ['address', 'http_method'] as const) {
      rows.push({
        field: `webhooks.${hook}.${key}`,
        before: hooksBefore?.[hook]?.[key] || null,
        after: hooksAfter?.[hook]?.[key] || null,
      });
    }
  }
  const signed = (app: VonageApplication): string | null => {
    const value = app.capabilities?.voice?.signed_callbacks;
    return value === undefined ? null : String(value);
  };
  rows.push({ field: 'signed_callbacks', before: signed(before), after: signed(after) });
  return rows;
}

function parseApplication(data: unknown): VonageApplication {
  const parsed = vonageApplicationSchema.safeParse(data);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new ProvisionError(
      `The Vonage API answered with an application this tool does not understand (${fields}).`,
    );
  }
  return parsed.data;
}

function remindSignatureSecret(config: Config, out: Output): void {
  if (config.vonageSignatureSecret) return;
  out(
    'Note: VONAGE_SIGNATURE_SECRET is not set, so the server answers every Vonage webhook 403.\n' +
      '      Set it to the signature secret from Dashboard → Settings and restart the server.\n',
  );
}

/** The part of a failed SDK request we use: @vonage/vetch's VetchError carries the response. */
interface FailedResponse {
  status: number;
  text(): Promise<string>;
}

function responseOf(err: unknown): FailedResponse | null {
  if (typeof err !== 'object' || err === null || !('response' in err)) return null;
  const r = err.response;
  if (typeof r !== 'object' || r === null) return null;
  if (!('status' in r) || typeof r.status !== 'number') return null;
  if (!('text' in r) || typeof r.text !== 'function') return null;
  return r as FailedResponse;
}

/** `title: detail` of the API's problem JSON (plus invalid parameters), or ''. */
async function problemOf(response: FailedResponse): Promise<string> {
  try {
    const body = JSON.parse(await response.text()) as {
      title?: unknown;
      detail?: unknown;
      invalid_parameters?: { name?: unknown; reason?: unknown }[];
    };
    const parts = [body.title, body.detail].filter((p) => typeof p === 'string');
    const invalid = (body.invalid_parameters ?? []).map(
      (p) => `${String(p.name)} ${String(p.reason)}`,
    );
    return [...parts, ...invalid].join('; ');
  } catch {
    return '';
  }
}

/** Runs one SDK request and turns its failures into ProvisionErrors. */
async function callVonage<T>(call: () => Promise<T>, applicationId: string): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const response = responseOf(err);
    if (!response) {
      const detail = err instanceof Error ? err.message : String(err);
      throw new ProvisionError(`Could not reach the Vonage API: ${detail}`, {
        hint: 'Check the network connection.',
      });
    }
    const problem = await problemOf(response);
    const because = problem ? `: ${problem}` : '';
    if (response.status === 401) {
      throw new ProvisionError(
        `Vonage rejected VONAGE_API_KEY/VONAGE_API_SECRET (HTTP 401${because}).`,
        { hint: 'Copy both again from the Vonage dashboard (API settings).' },
      );
    }
    if (response.status === 404) {
      throw new ProvisionError(`Vonage application ${applicationId} not found (HTTP 404).`, {
        hint:
          'Copy the id from Dashboard → Applications; the application must belong to the ' +
          'account of VONAGE_API_KEY.',
      });
    }
    throw new ProvisionError(
      `The Vonage API refused the request (HTTP ${response.status}${because}).`,
    );
  }
}
