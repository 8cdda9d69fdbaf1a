import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

/**
 * A signed-webhook JWT as Vonage sends it: HS256 with the signature secret, claims
 * iat, jti, iss "Vonage", payload_hash (hex SHA-256 of the body), api_key, application_id.
 */
export async function signVonageWebhook(
  secret: string,
  body: string,
  overrides: { iat?: number; jti?: string; payloadHash?: string } = {},
): Promise<string> {
  return new SignJWT({
    iss: 'Vonage',
    api_key: 'a1b2c3d4',
    application_id: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab',
    payload_hash: overrides.payloadHash ?? createHash('sha256').update(body).digest('hex'),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(overrides.iat ?? Math.floor(Date.now() / 1000))
    .setJti(overrides.jti ?? randomUUID())
    .sign(new TextEncoder().encode(secret));
}
