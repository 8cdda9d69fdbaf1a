import { createHash } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { signVonageWebhook } from '../../src/simulator/sign-vonage.js';
import { buildTestApp, PUBLIC_URL, VONAGE_SECRET } from '../support/test-app.js';

const answer = {
  from: '77071234567',
  to: '77172123456',
  uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
  conversation_uuid: 'CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
};
const body = JSON.stringify(answer);
const url = `${PUBLIC_URL}/vonage/answer`;
const post = (headers: Record<string, string>, raw = body) => ({
  method: 'POST' as const,
  url,
  headers: { 'Content-Type': 'application/json', ...headers },
  body: raw,
});
const bearer = (jwt: string) => ({ Authorization: `Bearer ${jwt}` });

describe('Vonage signed webhooks', () => {
  it('accepts a JWT signed with the signature secret whose payload_hash matches', async () => {
    const t = await buildTestApp();
    const res = await t.transport(post(bearer(await signVonageWebhook(VONAGE_SECRET, body))));
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'input' })]),
    );
  });

  it('rejects a request without Authorization with 403', async () => {
    const t = await buildTestApp();
    expect((await t.transport(post({}))).status).toBe(403);
  });

  it('rejects a JWT signed with another secret with 403', async () => {
    const t = await buildTestApp();
    const res = await t.transport(
      post(bearer(await signVonageWebhook('not-the-secret-0123456789', body))),
    );
    expect(res.status).toBe(403);
  });

  it('rejects a body that does not match payload_hash (tampered) with 403', async () => {
    const t = await buildTestApp();
    const jwt = await signVonageWebhook(VONAGE_SECRET, body);
    const tampered = JSON.stringify({ ...answer, from: '77010000000' });
    const res = await t.transport(post(bearer(jwt), tampered));
    expect(res.status).toBe(403);
    expect(res.body).toContain('payload_hash');
  });

  it('rejects a JWT older than VONAGE_JWT_MAX_AGE_SEC with 403', async () => {
    const t = await buildTestApp();
    const iat = Math.floor(Date.now() / 1000) - 3600;
    const res = await t.transport(
      post(bearer(await signVonageWebhook(VONAGE_SECRET, body, { iat }))),
    );
    expect(res.status).toBe(403);
  });

  it('rejects a replayed JWT (same jti) with 403', async () => {
    const t = await buildTestApp();
    const jwt = await signVonageWebhook(VONAGE_SECRET, body);
    expect((await t.transport(post(bearer(jwt)))).status).toBe(200);
    expect((await t.transport(post(bearer(jwt)))).status).toBe(403);
  });

  it('rejects an unsigned "alg: none" token and a token without iat', async () => {
    const t = await buildTestApp();
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
      JSON.stringify({ iat: Math.floor(Date.now() / 1000), jti: 'x' }),
    ).toString('base64url')}.`;
    expect((await t.transport(post(bearer(none)))).status).toBe(403);
    const noIat = await new SignJWT({ jti: 'y' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(VONAGE_SECRET));
    expect((await t.transport(post(bearer(noIat)))).status).toBe(403);
  });

  it('rejects a token without jti, with a numeric or empty jti, or without iat', async () => {
    const t = await buildTestApp();
    const key = new TextEncoder().encode(VONAGE_SECRET);
    const payload_hash = createHash('sha256').update(body).digest('hex');
    const iat = Math.floor(Date.now() / 1000);
    const tokens = [
      new SignJWT({ payload_hash }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat),
      new SignJWT({ payload_hash, jti: 42 } as unknown as JWTPayload)
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt(iat),
      new SignJWT({ payload_hash, jti: '' }).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(iat),
      new SignJWT({ payload_hash, jti: 'no-iat' }).setProtectedHeader({ alg: 'HS256' }),
    ];
    for (const token of tokens) {
      const res = await t.transport(post(bearer(await token.sign(key))));
      expect(res.status).toBe(403);
      expect(res.body).not.toContain('"action"');
    }
  });

  it('rejects everything when VONAGE_SIGNATURE_SECRET is not configured', async () => {
    const t = await buildTestApp({ env: { VONAGE_SIGNATURE_SECRET: '' } });
    const res = await t.transport(post(bearer(await signVonageWebhook(VONAGE_SECRET, body))));
    expect(res.status).toBe(403);
    expect(res.body).toContain('VONAGE_SIGNATURE_SECRET');
  });

  it('a GET answer (no body) is checked by signature and age', async () => {
    const t = await buildTestApp();
    const query = new URLSearchParams(answer).toString();
    const ok = await t.transport({
      method: 'GET',
      url: `${url}?${query}`,
      headers: bearer(await signVonageWebhook(VONAGE_SECRET, '')),
    });
    expect(ok.status).toBe(200);
    const unsigned = await t.transport({ method: 'GET', url: `${url}?${query}`, headers: {} });
    expect(unsigned.status).toBe(403);
  });
});
