import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LRUCache } from 'lru-cache';
import type { Language } from '../flow/language.js';
import type { EngineName } from './speech-synthesizer.js';

/** A cache key: 64 hex characters, the file's name and its URL's. */
export const PHRASE_KEY = /^[0-9a-f]{64}$/;

/**
 * Synthesised phrases on disk, one WAV file each, named by an HMAC of (engine, voice,
 * language, normalised text). The HMAC key makes the names unguessable, so the audio URL
 * of a customer's name cannot be worked out from the name. Several instances share one
 * directory (a network volume): they then share the phrases and the key, which is read
 * from `SPEECH_URL_SECRET` or, when unset, from `.url-secret` in the directory (created by
 * whichever instance starts first). Files are written to a temporary name and renamed, so
 * a reader never sees half a file.
 */
export class PhraseCache {
  private readonly secret: string;
  /**
   * Keys whose file was seen recently: a greeting asks for each of its phrases on every
   * call, and a stat per phrase was a large share of a webhook's CPU. Only presence is kept
   * (a phrase missing now is looked for again next time) and only for a minute, so a file
   * removed from the directory is noticed; files never change under their key.
   */
  private readonly seen = new LRUCache<string, true>({ max: 20_000, ttl: 60_000 });

  constructor(
    readonly dir: string,
    secret: string | null,
  ) {
    mkdirSync(dir, { recursive: true });
    this.secret = secret ?? sharedSecret(dir);
  }

  keyFor(engine: EngineName, voice: string, language: Language, text: string): string {
    return createHmac('sha256', this.secret)
      .update([engine, voice, language, text].join('\u0000'))
      .digest('hex');
  }

  pathOf(key: string): string {
    return join(this.dir, `${key}.wav`);
  }

  async has(key: string): Promise<boolean> {
    if (this.seen.has(key)) return true;
    try {
      const present = (await stat(this.pathOf(key))).size > 0;
      if (present) this.seen.set(key, true);
      return present;
    } catch {
      return false;
    }
  }

  /** The file, or null when it is not (yet) cached. */
  async read(key: string): Promise<Buffer | null> {
    if (!PHRASE_KEY.test(key)) return null;
    try {
      return await readFile(this.pathOf(key));
    } catch {
      return null;
    }
  }

  async write(key: string, wav: Buffer): Promise<void> {
    const temp = join(this.dir, `.${key}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(temp, wav);
    await rename(temp, this.pathOf(key));
    this.seen.set(key, true);
  }
}

function sharedSecret(dir: string): string {
  const file = join(dir, '.url-secret');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // First start on this directory: create it below.
  }
  const created = randomBytes(32).toString('hex');
  try {
    // `wx`: if another instance created it meanwhile, theirs wins and is read back.
    writeFileSync(file, created, { flag: 'wx', mode: 0o600 });
    return created;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
