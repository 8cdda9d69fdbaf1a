import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** An application key pair as Vonage issues it: PKCS#8 PEM private key, public key. */
export interface TestKeyPair {
  privateKeyPem: string;
  publicKey: KeyObject;
}

/** A fresh RSA key pair, made at test time so no key file is ever committed. */
export function testKeyPair(): TestKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey,
  };
}

/** Writes `text` to a file in a fresh temp folder; returns its path. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'telephony-test-')), name);
  writeFileSync(path, text);
  return path;
}
