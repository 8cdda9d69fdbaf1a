import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import { loadFieldMapping, type FieldMapping } from '../crm/connectors/field-mapping.js';

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const httpUrl = optionalText.pipe(
  z
    .url({ protocol: /^https?$/ })
    .optional()
    .transform((v) => v?.replace(/\/+$/, '')),
);

/** A shared secret a guesser must not find. */
const secret = optionalText.pipe(
  z.string().min(16, 'at least 16 characters (e.g. openssl rand -hex 24)').optional(),
);

export const CRM_PROVIDERS = ['embedded', 'http', 'bitrix24', 'amocrm'] as const;
export type CrmProvider = (typeof CRM_PROVIDERS)[number];

/** The variables of the customer's CRM; config.ts spreads them in. */
export const crmEnvSchema = z.object({
  CRM_PROVIDER: z.enum(CRM_PROVIDERS).default('embedded'),
  CRM_HTTP_URL: httpUrl,
  CRM_HTTP_TOKEN: optionalText,
  // The CRM checks each request's HMAC with it (like SCREEN_POP_SECRET).
  CRM_HTTP_SECRET: secret,
  BITRIX24_WEBHOOK_URL: httpUrl,
  BITRIX24_PORTAL_URL: httpUrl,
  BITRIX24_CLIENT_ID: optionalText,
  BITRIX24_CLIENT_SECRET: optionalText,
  BITRIX24_REFRESH_TOKEN: optionalText,
  BITRIX24_OAUTH_URL: httpUrl,
  BITRIX24_USER_ID: z.coerce.number().int().min(1).default(1),
  AMOCRM_BASE_URL: httpUrl,
  AMOCRM_ACCESS_TOKEN: optionalText,
  AMOCRM_CLIENT_ID: optionalText,
  AMOCRM_CLIENT_SECRET: optionalText,
  AMOCRM_REFRESH_TOKEN: optionalText,
  AMOCRM_REDIRECT_URI: httpUrl,
  // The amoCRM user calls are logged as (created_by), and responsible for when no user answered.
  AMOCRM_USER_ID: optionalText
    .transform((v) => (v === undefined ? undefined : Number(v)))
    .pipe(z.number().int().min(1).optional()),
  CRM_FIELD_MAP_FILE: optionalText,
  CRM_TOKEN_FILE: z.string().trim().min(1).default('data/crm-tokens.json'),
  // A caller seen within this long is greeted by name while the CRM is down.
  CRM_CACHE_TTL_SEC: z.coerce.number().int().min(0).max(604800).default(86400),
  CRM_CACHE_MAX: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  CRM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  CRM_BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  // Write-backs wait this long after the call so late status callbacks are in the record.
  CRM_WRITE_DELAY_SEC: z.coerce.number().int().min(0).max(3600).default(30),
});

type CrmEnv = z.infer<typeof crmEnvSchema>;

/** How a Bitrix24 portal is reached: an incoming webhook, or a local application (OAuth). */
export type Bitrix24Auth =
  | { kind: 'webhook'; webhookUrl: string }
  | {
      kind: 'oauth';
      portalUrl: string;
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      oauthUrl: string;
    };

/** How amoCRM is reached: a long-lived token, or OAuth with rotating refresh tokens. */
export type AmoCrmAuth =
  | { kind: 'token'; accessToken: string }
  | {
      kind: 'oauth';
      clientId: string;
      clientSecret: string;
      refreshToken: string;
      redirectUri: string;
    };

export interface CrmConfig {
  provider: CrmProvider;
  http: { url: string; token: string; secret: string } | null;
  bitrix24: { auth: Bitrix24Auth; userId: number } | null;
  amocrm: { baseUrl: string; auth: AmoCrmAuth; userId: number | null } | null;
  /** Which CRM fields are language, segment, time zone and open items (validated). */
  fieldMapping: FieldMapping;
  /** Where rotated OAuth tokens are kept between restarts. */
  tokenFile: string;
  cacheTtlSec: number;
  cacheMax: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  writeDelaySec: number;
}

function invalid(lines: string[], hint: string): never {
  throw new ConfigError(`Invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`, {
    hint,
  });
}

/** The CRM part of Config; throws ConfigError naming what the chosen provider lacks. */
export function crmConfigFrom(e: CrmEnv): CrmConfig {
  const need = (names: Array<keyof CrmEnv>) =>
    names
      .filter((n) => e[n] === undefined)
      .map((n) => `${n}: required when CRM_PROVIDER=${e.CRM_PROVIDER}`);
  let http: CrmConfig['http'] = null;
  let bitrix24: CrmConfig['bitrix24'] = null;
  let amocrm: CrmConfig['amocrm'] = null;
  const hint =
    'Set the variables above in .env (docs/crm-connectors.md), or remove CRM_PROVIDER to use the embedded CRM.';
  if (e.CRM_PROVIDER === 'http') {
    const missing = need(['CRM_HTTP_URL', 'CRM_HTTP_TOKEN', 'CRM_HTTP_SECRET']);
    if (missing.length > 0) invalid(missing, hint);
    http = { url: e.CRM_HTTP_URL!, token: e.CRM_HTTP_TOKEN!, secret: e.CRM_HTTP_SECRET! };
  }
  if (e.CRM_PROVIDER === 'bitrix24') {
    if (e.BITRIX24_WEBHOOK_URL) {
      bitrix24 = {
        auth: { kind: 'webhook', webhookUrl: e.BITRIX24_WEBHOOK_URL },
        userId: e.BITRIX24_USER_ID,
      };
    } else {
      const missing = need([
        'BITRIX24_PORTAL_URL',
        'BITRIX24_CLIENT_ID',
        'BITRIX24_CLIENT_SECRET',
        'BITRIX24_REFRESH_TOKEN',
      ]);
      if (missing.length > 0) {
        invalid(
          ['BITRIX24_WEBHOOK_URL: required when CRM_PROVIDER=bitrix24 without OAuth', ...missing],
          'Set BITRIX24_WEBHOOK_URL (incoming webhook) or the application variables (docs/crm-connectors.md).',
        );
      }
      bitrix24 = {
        auth: {
          kind: 'oauth',
          portalUrl: e.BITRIX24_PORTAL_URL!,
          clientId: e.BITRIX24_CLIENT_ID!,
          clientSecret: e.BITRIX24_CLIENT_SECRET!,
          refreshToken: e.BITRIX24_REFRESH_TOKEN!,
          oauthUrl: e.BITRIX24_OAUTH_URL ?? 'https://oauth.bitrix.info',
        },
        userId: e.BITRIX24_USER_ID,
      };
    }
  }
  if (e.CRM_PROVIDER === 'amocrm') {
    const missing = need(['AMOCRM_BASE_URL']);
    const oauth = need([
      'AMOCRM_CLIENT_ID',
      'AMOCRM_CLIENT_SECRET',
      'AMOCRM_REFRESH_TOKEN',
      'AMOCRM_REDIRECT_URI',
    ]);
    if (!e.AMOCRM_ACCESS_TOKEN && oauth.length > 0) {
      missing.push(
        'AMOCRM_ACCESS_TOKEN: required when CRM_PROVIDER=amocrm without OAuth',
        ...oauth,
      );
    }
    if (missing.length > 0) invalid(missing, hint);
    amocrm = {
      baseUrl: e.AMOCRM_BASE_URL!,
      userId: e.AMOCRM_USER_ID ?? null,
      auth: e.AMOCRM_ACCESS_TOKEN
        ? { kind: 'token', accessToken: e.AMOCRM_ACCESS_TOKEN }
        : {
            kind: 'oauth',
            clientId: e.AMOCRM_CLIENT_ID!,
            clientSecret: e.AMOCRM_CLIENT_SECRET!,
            refreshToken: e.AMOCRM_REFRESH_TOKEN!,
            redirectUri: e.AMOCRM_REDIRECT_URI!,
          },
    };
  }
  return {
    provider: e.CRM_PROVIDER,
    http,
    bitrix24,
    amocrm,
    fieldMapping: loadFieldMapping(e.CRM_FIELD_MAP_FILE ?? null),
    tokenFile: e.CRM_TOKEN_FILE,
    cacheTtlSec: e.CRM_CACHE_TTL_SEC,
    cacheMax: e.CRM_CACHE_MAX,
    breakerFailures: e.CRM_BREAKER_FAILURES,
    breakerCooldownMs: e.CRM_BREAKER_COOLDOWN_MS,
    writeDelaySec: e.CRM_WRITE_DELAY_SEC,
  };
}
