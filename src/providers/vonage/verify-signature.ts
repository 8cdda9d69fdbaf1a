import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { errors as joseErrors, jwtVerify } from 'jose';
import { SignatureError } from '../../errors/signature-error.js';
import type { RawBodyRequest } from '../../http/raw-body.js';
import { markVerified } from '../../http/webhook-verified.js';
import type { ReplayStore } from '../../session/replay-store.js';

export interface VonageVerifyOptions {
  signatureSecret: string | null;
  /** Oldest accepted `iat`, seconds. */
  maxAgeSec: number;
  enabled: boolean;
  /** Token ids seen (memory, or Redis shared by every instance). */
  replays: ReplayStore;
}

/** Allowed clock difference between Vonage and us, seconds. */
const CLOCK_TOLERANCE_SEC = 30;

/**
 * Verifies Vonage signed webhooks: `Authorization: Bearer <JWT>`, HS256 with the account
 * signature secret. The SDK's verifySignature checks only the signature, so here we also
 * check `iat` (present, and its age), `jti` (present, a string, never seen before: no
 * replays) and `payload_hash` (SHA-256 of the body). A token without a string `jti` or
 * without `iat` is refused: it could be replayed.
 *
 * GET answer webhooks have no body; what `payload_hash` covers there is undocumented,
 * so it is not compared for them (use answer_method POST for a signed body).
 */
export function verifyVonageSignature(opts: VonageVerifyOptions): RequestHandler {
  const { replays } = opts;
  const key = opts.signatureSecret ? new TextEncoder().encode(opts.signatureSecret) : null;

  return async (req, res, next) => {
    if (!opts.enabled) {
      markVerified(res);
      return next();
    }
    if (!key) {
      throw new SignatureError('Vonage webhook rejected: VONAGE_SIGNATURE_SECRET is not set', {
        hint: 'Set VONAGE_SIGNATURE_SECRET to the signature secret of the Vonage account in .env.',
      });
    }
    const token = /^Bearer\s+(.+)$/i.exec(req.header('Authorization') ?? '')?.[1];
    if (!token) throw new SignatureError('Vonage webhook rejected: no Authorization: Bearer JWT');

    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        maxTokenAge: opts.maxAgeSec,
        requiredClaims: ['iat', 'jti'],
        clockTolerance: CLOCK_TOLERANCE_SEC,
      }));
    } catch (err) {
      const why = err instanceof joseErrors.JOSEError ? err.code : 'invalid token';
      throw new SignatureError(`Vonage webhook rejected: ${why}`, {
        hint: 'VONAGE_SIGNATURE_SECRET must be the account signature secret; check the server clock.',
      });
    }

    const raw = (req as RawBodyRequest).rawBody;
    if (raw && raw.length > 0) checkPayloadHash(claims.payload_hash, raw, req.body);

    // Without a string jti a captured token could be replayed until it expires.
    const jti = claims.jti;
    if (typeof jti !== 'string' || jti.length === 0) {
      throw new SignatureError('Vonage webhook rejected: JWT has no jti (token id)');
    }
    if (typeof claims.iat !== 'number') {
      throw new SignatureError('Vonage webhook rejected: JWT has no iat (issued at)');
    }
    if (!(await replays.firstSeen(jti, (opts.maxAgeSec + CLOCK_TOLERANCE_SEC) * 1000))) {
      throw new SignatureError('Vonage webhook rejected: this JWT (jti) was already used');
    }
    markVerified(res);
    next();
  };
}

function checkPayloadHash(claimed: unknown, raw: Buffer, parsed: unknown): void {
  if (typeof claimed !== 'string') {
    throw new SignatureError('Vonage webhook rejected: JWT has no payload_hash for a body');
  }
  const sha = (data: Buffer | string) => createHash('sha256').update(data).digest();
  const expected = Buffer.from(claimed, 'hex');
  // Vonage's own sample hashes JSON.stringify(parsed body); the raw bytes are the stricter
  // reading of "hash of the payload". Either is accepted; nothing else is.
  const candidates = [sha(raw), sha(JSON.stringify(parsed))];
  const ok = candidates.some((c) => c.length === expected.length && timingSafeEqual(c, expected));
  if (!ok)
    throw new SignatureError('Vonage webhook rejected: payload_hash does not match the body');
}
