import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { spoken } from '../../src/simulator/heard.js';
import { SqlCallerLanguageStore } from '../../src/caller-language/sql-caller-language-store.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

const NOW = '2026-11-21T07:00:00Z';
const API_KEY = 'caller-language-test-key-0123';
const UNKNOWN = '+77779998877';
const KAZAKH_MENU = 'Техникалық қолдау — 2 басыңыз.';
const LANGUAGE_QUESTION = 'Қазақ тілінде жалғастыру үшін 2 батырмасын басыңыз.';

describe.each(PROVIDERS)('$name: a remembered language choice', (provider) => {
  it('an unknown caller who chose Kazakh is greeted in Kazakh next time, without the question', async () => {
    const t = await buildTestApp({ now: NOW });
    const first = provider.call(t, UNKNOWN);
    expect(spoken(await first.start())).toContain(LANGUAGE_QUESTION);
    expect(spoken(await first.press('2'))).toContain(KAZAKH_MENU);
    await first.hangup();

    const second = provider.call(t, UNKNOWN);
    const greeted = await second.start();
    expect(greeted.heard[0]?.text).toBe('Сәлеметсіз бе! Қоңырауыңызға рахмет.');
    expect(spoken(greeted)).not.toContain(LANGUAGE_QUESTION);
    expect(spoken(greeted)).toContain(KAZAKH_MENU);
    expect(greeted.gather?.input).toContain('dtmf');
    // The menu works as usual: support.
    expect((await second.press('2')).dial?.number).toBe('+77172000002');
  });

  it('forgetting the number through the API brings the question back', async () => {
    const t = await buildTestApp({ now: NOW, env: { API_KEY } });
    const first = provider.call(t, UNKNOWN);
    await first.start();
    await first.press('2');
    await first.hangup();

    const path = `/api/caller-languages/${encodeURIComponent('8 777 999 88 77')}`;
    const auth = { Authorization: `Bearer ${API_KEY}` };
    expect((await request(t.app).delete(path)).status).toBe(401);
    const shown = await request(t.app).get(path).set(auth);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ phone: UNKNOWN, language: 'kk' });
    // Remembered for a year (CALLER_LANGUAGE_TTL_DAYS=365).
    expect((shown.body as { chosenAt: string }).chosenAt).toMatch(/^2026-11-21T/);
    expect((shown.body as { expiresAt: string }).expiresAt).toMatch(/^2027-11-21T/);
    expect((await request(t.app).delete(path).set(auth)).status).toBe(204);
    expect((await request(t.app).delete(path).set(auth)).status).toBe(404);
    expect((await request(t.app).get('/api/caller-languages/hello').set(auth)).status).toBe(400);

    const again = await provider.call(t, UNKNOWN).start();
    expect(spoken(again)).toContain(LANGUAGE_QUESTION);
  });

  it('a choice past its TTL is not used, and is swept', async () => {
    const t = await buildTestApp({ now: NOW, env: { CALLER_LANGUAGE_TTL_DAYS: '30' } });
    const store = new SqlCallerLanguageStore(t.db, 30);
    await store.remember(UNKNOWN, 'kk', '2026-10-01T00:00:00Z');
    expect(spoken(await provider.call(t, UNKNOWN).start())).toContain(LANGUAGE_QUESTION);
    expect(await store.sweep(NOW)).toBe(1);
  });

  it('a known customer without a language: remembered for the number, written back to the CRM', async () => {
    // Дина has no language in the CRM; her number's caller chose Kazakh on an earlier call.
    const t = await buildTestApp({ now: NOW });
    await new SqlCallerLanguageStore(t.db, 365).remember(
      '+77015550000',
      'kk',
      '2026-11-01T00:00:00Z',
    );
    const step = await provider.call(t, '+77015550000').start();
    expect(step.heard[0]?.text).toBe('Қайырлы күн, Дина!');
    expect(spoken(step)).not.toContain('Для продолжения на русском языке');
    const row = await t.db
      .selectFrom('customers')
      .select('language')
      .where('id', '=', 'c-dina')
      .executeTakeFirstOrThrow();
    expect(row.language).toBe('kk');
  });

  it("a known customer's choice is remembered for the number as well as saved in the CRM", async () => {
    const t = await buildTestApp({ now: NOW });
    const call = provider.call(t, '+77015550000');
    await call.start();
    await call.press('2');
    expect(await new SqlCallerLanguageStore(t.db, 365).recall('+77015550000', NOW)).toMatchObject({
      language: 'kk',
    });
  });
});

describe('npm run language:forget', () => {
  it('forgets a number in the configured database', async () => {
    const t = await buildTestApp({ now: NOW, database: 'sqlite' });
    const store = new SqlCallerLanguageStore(t.db, 365);
    await store.remember(UNKNOWN, 'uk', new Date().toISOString());
    const file = (await t.db.selectFrom('caller_languages').select('phone').execute()).length;
    expect(file).toBe(1);
    // The test database's file path, as the command reads it from DATABASE_PATH.
    const dbFile = t.databasePath;
    if (!dbFile) throw new Error('a SQLite test app has a database file');
    const out = execFileSync('npx', ['tsx', 'src/cli/language-forget.ts', '8 777 999 88 77'], {
      env: { ...process.env, DATABASE_PATH: dbFile },
      encoding: 'utf8',
    });
    expect(out).toContain('Forgot the language of');
    expect(await store.recall(UNKNOWN, new Date().toISOString())).toBeNull();
  }, 90_000);
});
