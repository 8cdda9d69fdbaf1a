import request from 'supertest';
import { register } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { Heard } from '../../src/simulator/heard.js';
import { decodeWithSox, hasProgram } from '../support/decode-audio.js';
import { fakeAzure, fakeYandex, type FakeSpeechApi } from '../support/fake-speech-apis.js';
import { PROVIDERS } from '../support/providers.js';
import { buildTestApp, PUBLIC_URL, type TestApp } from '../support/test-app.js';

const NOW = '2026-11-21T07:00:00Z';
const ASEL = '+77071234567';
const ESPEAK = hasProgram('espeak-ng');
const SOX = hasProgram('sox');
if (!ESPEAK) console.warn('espeak-ng is not installed: the Kazakh calls through it are skipped');
if (!SOX) console.warn('sox is not installed: served audio is checked by its header only');

let fakes: FakeSpeechApi[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

/** Fetches a prompt's audio from the app as the provider would, and decodes it. */
async function fetchAudio(t: TestApp, url: string) {
  expect(url.startsWith(`${PUBLIC_URL}/audio/`)).toBe(true);
  const res = await request(t.app)
    .get(url.slice(PUBLIC_URL.length))
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^audio\/wav/);
  expect(res.headers['cache-control']).toContain('immutable');
  const body = res.body as Buffer;
  expect(body.subarray(0, 4).toString('ascii')).toBe('RIFF');
  return SOX ? decodeWithSox(body) : null;
}

const audio = (heard: Heard[]) => heard.filter((h) => h.audioUrl).map((h) => h.audioUrl!);
const counter = async (name: string) =>
  (await register.getSingleMetric(name)?.get())?.values.reduce((n, v) => n + v.value, 0) ?? 0;

describe.skipIf(!ESPEAK).each(PROVIDERS)('$name: a Kazakh caller hears espeak-ng', (provider) => {
  it('every Kazakh prompt is audio the app serves, the call reaches the operator', async () => {
    const t = await buildTestApp({ now: NOW, speech: {}, env: { SPEECH_BUDGET_MS: '5000' } });
    const call = provider.call(t, ASEL);
    const first = await call.start();
    expect(first.status).toBe(200);
    // Nothing is left to the Russian voice: every prompt is synthesised Kazakh.
    expect(first.heard.filter((h) => h.text)).toEqual([]);
    const urls = audio(first.heard);
    expect(urls.length).toBeGreaterThan(1);
    // Barge-in still works on synthesised prompts inside the question.
    expect(first.heard.at(-1)?.interruptible).toBe(true);
    expect(first.waitingFor).toBe('input');
    for (const url of urls) {
      const decoded = await fetchAudio(t, url);
      if (decoded) expect(decoded.seconds).toBeGreaterThan(0.3);
    }
    // The greeting is the cached phrase "Қайырлы күн, Әсел!".
    expect(urls[0]).toBe(
      `${PUBLIC_URL}/audio/${t.deps.voicer!.keyFor('kk', 'Қайырлы күн, Әсел!')}.wav`,
    );

    const transfer = await call.say('оператор');
    expect(audio(transfer.heard).length).toBeGreaterThan(0);
    expect(transfer.waitingFor).toBe('dial');
    for (const url of audio(transfer.heard)) await fetchAudio(t, url);
  });

  it('answers 404 for a key it never made and for anything but a key', async () => {
    const t = await buildTestApp({ now: NOW, speech: {} });
    for (const path of [
      '/audio/' + 'a'.repeat(64) + '.wav',
      '/audio/..%2F.url-secret',
      '/audio/x.wav',
    ]) {
      expect((await request(t.app).get(path)).status).toBe(404);
    }
  });
});

describe.each(PROVIDERS)('$name: a phrase the engine is slow to make', (provider) => {
  it("is said by the provider's voice within the budget, and played from the cache next time", async () => {
    const api = await fakeYandex('yc-key-0123456789');
    fakes.push(api);
    api.delayMs = 1500;
    const t = await buildTestApp({
      now: NOW,
      env: {
        SPEECH_BUDGET_MS: '300',
        YANDEX_SPEECHKIT_URL: api.url,
        YANDEX_SPEECHKIT_API_KEY: 'yc-key-0123456789',
      },
      speech: {
        settings: {
          languages: { kk: { engine: 'yandex', voice: 'madi' } },
          economy: false,
          economyGapMs: 0,
        },
      },
    });
    const fallbacks = await counter('ivr_speech_fallbacks_total');
    const first = await provider.call(t, ASEL).start();
    // Answered before the engine (1.5 s): said by the provider's voice, not played.
    expect(first.heard[0]?.audioUrl).toBeUndefined();
    expect(first.heard[0]?.text).toBe('Қайырлы күн, Әсел!');
    expect(first.heard[0]?.language).toBe('ru-RU');
    expect(await counter('ivr_speech_fallbacks_total')).toBeGreaterThan(fallbacks);
    expect(new URLSearchParams(api.requests[0]!.body).get('lang')).toBe('kk-KK');

    // The synthesis went on in the background; the next call plays it.
    await new Promise((r) => setTimeout(r, 2500));
    api.delayMs = 0;
    const second = await provider.call(t, ASEL).start();
    expect(second.heard[0]?.audioUrl).toMatch(/\/audio\/[0-9a-f]{64}\.wav$/);
    await fetchAudio(t, second.heard[0]!.audioUrl!);
  });

  it("keeps the provider's voice when the engine fails", async () => {
    const api = await fakeYandex('yc-key-0123456789');
    fakes.push(api);
    api.failWith = 500;
    const t = await buildTestApp({
      now: NOW,
      env: { YANDEX_SPEECHKIT_URL: api.url, YANDEX_SPEECHKIT_API_KEY: 'yc-key-0123456789' },
      speech: {
        settings: {
          languages: { kk: { engine: 'yandex', voice: 'madi' } },
          economy: false,
          economyGapMs: 0,
        },
      },
    });
    const step = await provider.call(t, ASEL).start();
    expect(step.status).toBe(200);
    expect(step.heard[0]?.text).toBe('Қайырлы күн, Әсел!');
  });
});

describe('economy mode (Azure)', () => {
  it('joins a greeting from its cached pieces without asking the engine for it', async () => {
    const api = await fakeAzure('azure-key-0123456789');
    fakes.push(api);
    const t = await buildTestApp({
      now: NOW,
      env: {
        AZURE_SPEECH_URL: api.url,
        AZURE_SPEECH_KEY: 'azure-key-0123456789',
        SPEECH_BUDGET_MS: '3000',
      },
      speech: {
        settings: {
          languages: { kk: { engine: 'azure', voice: 'kk-KZ-AigulNeural' } },
          economy: true,
          economyGapMs: 120,
        },
      },
    });
    const voicer = t.deps.voicer!;
    await voicer.warm([
      { language: 'kk', text: 'Қайырлы күн' },
      { language: 'kk', text: 'Әсел' },
    ]);
    const asked = api.requests.length;
    const step = await PROVIDERS[0]!.call(t, ASEL).start();
    const greeting = step.heard[0]!.audioUrl!;
    expect(greeting).toBe(`${PUBLIC_URL}/audio/${voicer.keyFor('kk', 'Қайырлы күн, Әсел!')}.wav`);
    const bodies = api.requests.slice(asked).map((r) => r.body);
    expect(bodies.some((b) => b.includes('Қайырлы күн, Әсел!'))).toBe(false);
    const joined = await fetchAudio(t, greeting);
    // "Қайырлы күн" (11 characters) + "Әсел" (4) at 70 ms a character, and the gap.
    if (joined) expect(joined.seconds).toBeCloseTo(0.77 + 0.28 + 0.12, 1);
  });
});
