import { afterEach, describe, expect, it, vi } from 'vitest';
import { nameForms } from '../../src/names/address-name.js';
import { NO_ACCOUNT_FACTS } from '../../src/flow/customer-items.js';
import { MisbehavingCrm } from '../support/fake-crm.js';
import { fakeYandex, type FakeSpeechApi } from '../support/fake-speech-apis.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp } from '../support/test-app.js';

const NOW = '2026-11-21T07:00:00Z';
const PHONE = '+77019876543';
const KEY = 'yc-key-0123456789';

let fakes: FakeSpeechApi[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

const texts = (api: FakeSpeechApi) =>
  api.requests.map((r) => new URLSearchParams(r.body).get('text') ?? '');

describe.each(PROVIDERS)('$name: a connector CRM profile seen for the first time', (provider) => {
  it('has its name forms synthesised in the background, once', async () => {
    const api = await fakeYandex(KEY);
    fakes.push(api);
    const customer = {
      id: 'crm-4471',
      firstName: 'Гүлнар',
      lastName: 'Сәрсенова',
      patronymic: 'Қайратқызы',
      language: 'kk' as const,
      timeZone: 'Asia/Almaty',
      segment: null,
      phones: [PHONE],
      items: [],
      account: NO_ACCOUNT_FACTS,
    };
    const t = await buildTestApp({
      now: NOW,
      crm: new MisbehavingCrm({ customer }),
      env: {
        // A connector: its people are not in our database, so nothing warmed them at start.
        CRM_PROVIDER: 'http',
        CRM_HTTP_URL: 'http://127.0.0.1:9/crm',
        CRM_HTTP_TOKEN: 'crm-token-0123456789',
        CRM_HTTP_SECRET: 'crm-secret-0123456789abcdef',
        YANDEX_SPEECHKIT_URL: api.url,
        YANDEX_SPEECHKIT_API_KEY: KEY,
      },
      speech: {
        settings: {
          languages: { kk: { engine: 'yandex', voice: 'madi' } },
          economy: true,
          economyGapMs: 0,
        },
      },
    });
    const first = await provider.call(t, PHONE).start();
    expect(first.status).toBe(200);
    expect(first.heard[0]?.audioUrl ?? first.heard[0]?.text).toBeTruthy();
    const forms = Object.values(nameForms(customer, 'kk')).filter(Boolean);
    expect(forms.length).toBeGreaterThan(1);
    // Every form, including those this call did not say (formal, dative, genitive).
    await vi.waitFor(() => expect(texts(api)).toEqual(expect.arrayContaining(forms)), {
      timeout: 10_000,
    });
    for (const form of forms) {
      expect(await t.deps.voicer!.cache.has(t.deps.voicer!.keyFor('kk', form)!)).toBe(true);
    }
    // Seen again: nothing more is asked for the names.
    const asked = texts(api).filter((x) => forms.includes(x)).length;
    await provider.call(t, PHONE).start();
    expect(texts(api).filter((x) => forms.includes(x)).length).toBe(asked);
  });
});
