import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import type { Config } from './config.js';

/**
 * Webhook secrets for local calls on a machine without `.env`: `npm start` generates one per
 * provider whose secret is not set, and `npm run call` signs with the same ones, so the
 * softphone works on a fresh clone while webhook verification stays on. Only when PUBLIC_URL
 * is local (no provider can reach it, so nothing real is signed with them) and never with
 * NODE_ENV=production. The file sits beside the embedded database (data/, git-ignored).
 */
export const DEVELOPMENT_SECRETS_FILE_NAME = 'development-secrets.json';

const fileSchema = z.object({
  TWILIO_AUTH_TOKEN: z.string().min(16).optional(),
  VONAGE_SIGNATURE_SECRET: z.string().min(32).optional(),
});

type SecretsFile = z.infer<typeof fileSchema>;

/** Which secrets came from the development file, and where it is. */
export interface DevelopmentSecretsUse {
  file: string;
  /** The variables filled from the file (only those not set in the environment). */
  variables: Array<'TWILIO_AUTH_TOKEN' | 'VONAGE_SIGNATURE_SECRET'>;
  /** True when this start generated (some of) them. */
  generated: boolean;
}

/** The development secrets file of a configuration: beside DATABASE_PATH, or in data/. */
export function developmentSecretsFile(config: Pick<Config, 'databasePath'>): string {
  const db = config.databasePath;
  const folder = db === ':memory:' || db.startsWith('file::memory:') ? 'data' : dirname(db);
  return join(folder, DEVELOPMENT_SECRETS_FILE_NAME);
}

/** localhost, 127.0.0.0/8, ::1 or *.localhost: an address no provider can call. */
export function isLocalUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
  );
}

/** Development secrets apply: not production, verification on, PUBLIC_URL local, a secret unset. */
function applies(config: Config): boolean {
  return (
    config.env !== 'production' &&
    config.verifyWebhooks &&
    isLocalUrl(config.publicUrl) &&
    (config.twilioAuthToken === null || config.vonageSignatureSecret === null)
  );
}

function readSecretsFile(file: string): SecretsFile {
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`Cannot read ${file}: ${(err as Error).message}`, {
      hint: `Delete ${file}: npm start generates a new one.`,
    });
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(`${file} is not a development secrets file`, {
      hint: `Delete ${file}: npm start generates a new one.`,
    });
  }
  return parsed.data;
}

function fill(config: Config, secrets: SecretsFile, file: string, generated: boolean) {
  const variables: DevelopmentSecretsUse['variables'] = [];
  let next = config;
  if (config.twilioAuthToken === null && secrets.TWILIO_AUTH_TOKEN) {
    next = { ...next, twilioAuthToken: secrets.TWILIO_AUTH_TOKEN };
    variables.push('TWILIO_AUTH_TOKEN');
  }
  if (config.vonageSignatureSecret === null && secrets.VONAGE_SIGNATURE_SECRET) {
    next = { ...next, vonageSignatureSecret: secrets.VONAGE_SIGNATURE_SECRET };
    variables.push('VONAGE_SIGNATURE_SECRET');
  }
  return { config: next, use: variables.length > 0 ? { file, variables, generated } : null };
}

/**
 * The server's side: fills each unset webhook secret from the development secrets file,
 * generating the missing ones first, when development secrets apply. Returns the config
 * unchanged (and `use` null) otherwise.
 */
export function withDevelopmentSecrets(config: Config): {
  config: Config;
  use: DevelopmentSecretsUse | null;
} {
  if (!applies(config)) return { config, use: null };
  const file = developmentSecretsFile(config);
  const secrets = readSecretsFile(file);
  const missing = {
    twilio: config.twilioAuthToken === null && !secrets.TWILIO_AUTH_TOKEN,
    vonage: config.vonageSignatureSecret === null && !secrets.VONAGE_SIGNATURE_SECRET,
  };
  const generated = missing.twilio || missing.vonage;
  if (generated) {
    // A Twilio auth token is 32 hex characters; a Vonage signature secret is at least 32.
    if (missing.twilio) secrets.TWILIO_AUTH_TOKEN = randomBytes(16).toString('hex');
    if (missing.vonage) secrets.VONAGE_SIGNATURE_SECRET = randomBytes(32).toString('hex');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  }
  return fill(config, secrets, file, generated);
}

/**
 * The softphone's and the doctor's side: the same secrets, read only (the server writes
 * the file at start). Returns the config unchanged when there is no file or they do not apply.
 */
export function readDevelopmentSecrets(config: Config): {
  config: Config;
  use: DevelopmentSecretsUse | null;
} {
  if (!applies(config)) return { config, use: null };
  const file = developmentSecretsFile(config);
  return fill(config, readSecretsFile(file), file, false);
}

/** The loud warning the server prints when it runs on development secrets. */
export function developmentSecretsWarning(use: DevelopmentSecretsUse): string {
  return (
    `!!! ${use.variables.join(' and ')} ${use.variables.length > 1 ? 'are' : 'is'} not set: ` +
    `local calls are verified with development secrets ${use.generated ? 'generated in' : 'read from'} ` +
    `${use.file} (npm run call signs with them too). Real provider requests would be refused ` +
    'with 403: set the real secrets in .env before pointing a number here. Never used with ' +
    'NODE_ENV=production or a public PUBLIC_URL. !!!'
  );
}
