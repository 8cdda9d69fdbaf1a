import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/console/password-hash.js';
import { RedisConsoleSessions } from '../../src/console/console-sessions.js';
import { buildTestApp } from '../support/test-app.js';
import { Redis } from 'ioredis';
import { dropPrefix, noteRedisSkip, TEST_REDIS_URL, testPrefix } from '../support/redis.js';

const KEY = 'console-test-key-0123456789';
const USER = 'әсел.оператор';
const PASSWORD = 'құпия-сөз-2026';

async function consoleApp(extra: Parameters<typeof buildTestApp>[0] = {}) {
  const hash = await hashPassword(PASSWORD);
  return buildTestApp({
    ...extra,
    env: { API_KEY: KEY, CONSOLE_USER: USER, CONSOLE_PASSWORD_HASH: hash, ...extra.env },
  });
}

/** The session cookie of a login answer, as a browser would send it back. */
function cookieOf(res: request.Response): string {
  const set = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
  const cookie = set.find((c) => c.startsWith('ivr_console='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] ?? '';
}

describe('console sign-in', () => {
  it('scrypt hashes: the right password matches, a wrong one or a damaged hash does not', async () => {
    const hash = await hashPassword(PASSWORD);
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
    expect(await verifyPassword('wrong', hash)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'plain-text')).toBe(false);
  });

  it('operator account: a session cookie HttpOnly, SameSite=Strict, Secure behind https', async () => {
    const t = await consoleApp();
    const refused = await request(t.app).post('/console/login').send({ user: USER, password: 'x' });
    expect(refused.status).toBe(401);
    expect(refused.headers['set-cookie']).toBeUndefined();
    const ok = await request(t.app).post('/console/login').send({ user: USER, password: PASSWORD });
    expect(ok.status).toBe(200);
    const raw = ([] as string[]).concat(ok.headers['set-cookie'] ?? []).join('\n');
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Strict/);
    expect(raw).toMatch(/Secure/);
    const session = await request(t.app).get('/console/session').set('Cookie', cookieOf(ok));
    expect(session.body).toMatchObject({ user: USER });
  });

  it('no open pages: the views redirect to the login, the APIs answer 401', async () => {
    const t = await consoleApp();
    const page = await request(t.app).get('/console/');
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/console/login');
    expect((await request(t.app).get('/console/login')).status).toBe(200);
    expect((await request(t.app).get('/api/analytics/overview')).status).toBe(401);
    expect((await request(t.app).get('/console/session')).status).toBe(401);
  });

  it('the API key exchanged for a session; reads with the cookie, writes only with the CSRF token', async () => {
    const t = await consoleApp();
    expect((await request(t.app).post('/console/login').send({ apiKey: 'nope' })).status).toBe(401);
    const login = await request(t.app).post('/console/login').send({ apiKey: KEY });
    expect(login.status).toBe(200);
    const cookie = cookieOf(login);
    const csrf = (login.body as { csrf: string }).csrf;
    const read = await request(t.app).get('/api/analytics/overview').set('Cookie', cookie);
    expect(read.status).toBe(200);
    expect((await request(t.app).get('/console/').set('Cookie', cookie)).status).toBe(200);
    // A write riding on the cookie alone (a forged cross-site form) is not signed in.
    const forged = await request(t.app)
      .delete('/api/caller-languages/+77071234567')
      .set('Cookie', cookie);
    expect(forged.status).toBe(401);
    const real = await request(t.app)
      .delete('/api/caller-languages/+77071234567')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf);
    expect(real.status).not.toBe(401);
    // Signed out: the cookie opens nothing any more.
    const out = await request(t.app)
      .post('/console/logout')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect((await request(t.app).get('/api/analytics/overview').set('Cookie', cookie)).status).toBe(
      401,
    );
  });

  it('malformed login: 400 naming the fields; an oversized one: 413', async () => {
    const t = await consoleApp();
    const bad = await request(t.app).post('/console/login').send({ user: USER });
    expect(bad.status).toBe(400);
    expect((bad.body as { fields: string[] }).fields).toEqual(['user', 'password']);
    const big = await request(t.app)
      .post('/console/login')
      .send({ user: USER, password: 'x'.repeat(10_000) });
    expect(big.status).toBe(413);
  });

  describe('sessions in Redis (REDIS_URL)', () => {
    noteRedisSkip('console sessions in Redis');
    const prefix = testPrefix();
    const clients: Redis[] = [];
    afterAll(async () => {
      for (const c of clients) c.disconnect();
      if (TEST_REDIS_URL) await dropPrefix(TEST_REDIS_URL, prefix);
    });
    it.skipIf(!TEST_REDIS_URL)('a sign-in on one instance is known to another', async () => {
      const sessions = () => {
        const client = new Redis(TEST_REDIS_URL);
        clients.push(client);
        return new RedisConsoleSessions(client, prefix, 60_000);
      };
      const a = await consoleApp({ consoleSessions: sessions() });
      const b = await consoleApp({ consoleSessions: sessions() });
      const login = await request(a.app)
        .post('/console/login')
        .send({ user: USER, password: PASSWORD });
      const other = await request(b.app)
        .get('/api/analytics/overview')
        .set('Cookie', cookieOf(login));
      expect(other.status).toBe(200);
      expect(await clients[0]?.keys(`${prefix}console-session:*`)).toHaveLength(1);
    });
  });
});
