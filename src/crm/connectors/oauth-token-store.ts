import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Tokens of one OAuth connection; refresh tokens rotate, so the newest must be kept. */
export interface OAuthTokens {
  accessToken: string | null;
  refreshToken: string;
  /** Unix ms when the access token stops working; 0 when unknown. */
  expiresAt: number;
}

/**
 * Keeps the newest tokens of each connection (`bitrix24`, `amocrm`) in CRM_TOKEN_FILE, so a
 * restart uses the refresh token the CRM issued last (the one in .env may already be spent).
 * Written atomically (temporary file, then rename).
 */
export class OAuthTokenStore {
  constructor(private readonly file: string) {}

  load(name: string): OAuthTokens | null {
    try {
      const all = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, OAuthTokens>;
      return all[name] ?? null;
    } catch {
      return null;
    }
  }

  save(name: string, tokens: OAuthTokens): void {
    let all: Record<string, OAuthTokens> = {};
    try {
      all = JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, OAuthTokens>;
    } catch {
      all = {};
    }
    all[name] = tokens;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(all, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
