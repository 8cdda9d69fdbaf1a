import { afterEach, describe, expect, it } from 'vitest';
import { AzureSynthesizer } from '../../src/synthesis/azure-synthesizer.js';
import { EspeakSynthesizer } from '../../src/synthesis/espeak-synthesizer.js';
import { SynthesisError, type SynthesisRequest } from '../../src/synthesis/speech-synthesizer.js';
import { readWav } from '../../src/synthesis/wav.js';
import { YandexSynthesizer } from '../../src/synthesis/yandex-synthesizer.js';
import { decodeWithSox, hasProgram } from '../support/decode-audio.js';
import { fakeAzure, fakeYandex, type FakeSpeechApi } from '../support/fake-speech-apis.js';

const KAZAKH = 'Қайырлы күн, Әсел! Өтінішіңіз қабылданды: ұпай, һ, і, ғ, ң.';
const request = (over: Partial<SynthesisRequest> = {}): SynthesisRequest => ({
  text: KAZAKH,
  language: 'kk',
  voice: 'madi',
  locale: 'kk-KK',
  signal: AbortSignal.timeout(5000),
  ...over,
});

const SOX = hasProgram('sox');
const ESPEAK = hasProgram('espeak-ng');
if (!ESPEAK)
  console.warn('espeak-ng is not installed: its tests are skipped (apt-get install espeak-ng)');
if (!SOX)
  console.warn('sox is not installed: audio is checked by header only (apt-get install sox)');

let fakes: FakeSpeechApi[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

describe('Yandex SpeechKit API v1', () => {
  const start = async () => {
    const api = await fakeYandex('yc-key-0123456789');
    fakes.push(api);
    const engine = new YandexSynthesizer({
      url: api.url,
      apiKey: 'yc-key-0123456789',
      iamToken: null,
      folderId: null,
    });
    return { api, engine };
  };

  it('posts the documented form and turns lpcm into a WAV a decoder reads', async () => {
    const { api, engine } = await start();
    const wav = await engine.synthesize(request());
    const sent = api.requests[0]!;
    expect(sent.headers.authorization).toBe('Api-Key yc-key-0123456789');
    const form = new URLSearchParams(sent.body);
    expect(Object.fromEntries(form)).toEqual({
      text: KAZAKH,
      lang: 'kk-KK',
      voice: 'madi',
      format: 'lpcm',
      sampleRateHertz: '16000',
    });
    expect(readWav(wav)?.sampleRate).toBe(16000);
    if (SOX) expect(decodeWithSox(wav).seconds).toBeGreaterThan(1);
  });

  it('names the error code and message Yandex answers with', async () => {
    const { engine } = await start();
    const wrong = new YandexSynthesizer({
      url: (await start()).api.url,
      apiKey: 'other',
      iamToken: null,
      folderId: null,
    });
    await expect(wrong.synthesize(request())).rejects.toThrow(
      /yandex 401: UNAUTHORIZED The token is invalid/,
    );
    await expect(engine.synthesize(request({ voice: 'alena' }))).rejects.toThrow(
      /400: BAD_REQUEST unsupported voice/,
    );
  });

  it('fails on 429 and 500, and gives up on a slow answer when the signal fires', async () => {
    const { api, engine } = await start();
    api.failWith = 429;
    await expect(engine.synthesize(request())).rejects.toThrow(/429: RESOURCE_EXHAUSTED/);
    api.failWith = null;
    api.delayMs = 2000;
    // Without the signal the fake would answer (with audio) after 2 s: an error is the abort.
    const err: unknown = await engine
      .synthesize(request({ signal: AbortSignal.timeout(150) }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SynthesisError);
  });

  it('sends an IAM token with the folder id when there is no API key', async () => {
    const { api } = await start();
    const engine = new YandexSynthesizer({
      url: api.url,
      apiKey: null,
      iamToken: 't1.iam',
      folderId: 'b1gfolder',
    });
    await expect(engine.synthesize(request())).rejects.toThrow(/401/);
    expect(api.requests[0]!.headers.authorization).toBe('Bearer t1.iam');
    expect(new URLSearchParams(api.requests[0]!.body).get('folderId')).toBe('b1gfolder');
  });
});

describe('Azure Speech REST', () => {
  const start = async () => {
    const api = await fakeAzure('azure-key-0123456789');
    fakes.push(api);
    return { api, engine: new AzureSynthesizer({ url: api.url, key: 'azure-key-0123456789' }) };
  };
  const azure = (over: Partial<SynthesisRequest> = {}) =>
    request({ voice: 'kk-KZ-AigulNeural', locale: 'kk-KZ', ...over });

  it('posts SSML with the voice, key and output format, and gets RIFF PCM back', async () => {
    const { api, engine } = await start();
    const wav = await engine.synthesize(azure({ text: 'Сәлем, <Әсел> & "Co"' }));
    const sent = api.requests[0]!;
    expect(sent.headers['ocp-apim-subscription-key']).toBe('azure-key-0123456789');
    expect(sent.headers['content-type']).toBe('application/ssml+xml');
    expect(sent.headers['x-microsoft-outputformat']).toBe('riff-16khz-16bit-mono-pcm');
    // CRM text cannot become markup.
    expect(sent.body).toContain(
      '<voice name="kk-KZ-AigulNeural">Сәлем, &lt;Әсел&gt; &amp; &quot;Co&quot;</voice>',
    );
    expect(sent.body).toContain('xml:lang="kk-KZ"');
    expect(readWav(wav)?.sampleRate).toBe(16000);
    if (SOX) expect(decodeWithSox(wav).rate).toBe(16000);
  });

  it('fails with the status on a wrong key, throttling and a slow answer', async () => {
    const { api, engine } = await start();
    const wrong = new AzureSynthesizer({ url: api.url, key: 'nope' });
    await expect(wrong.synthesize(azure())).rejects.toThrow(/azure 401/);
    api.failWith = 429;
    await expect(engine.synthesize(azure())).rejects.toThrow(/azure 429/);
    api.failWith = null;
    api.delayMs = 2000;
    await expect(
      engine.synthesize(azure({ signal: AbortSignal.timeout(150) })),
    ).rejects.toBeInstanceOf(SynthesisError);
  });
});

describe.skipIf(!ESPEAK)('espeak-ng (real binary)', () => {
  it('speaks Kazakh letters into a WAV a decoder reads', async () => {
    const wav = await new EspeakSynthesizer().synthesize(request({ voice: 'kk', locale: 'kk' }));
    expect(readWav(wav)?.channels).toBe(1);
    if (SOX) expect(decodeWithSox(wav).seconds).toBeGreaterThan(1.5);
  });

  it('reads a phrase starting with a dash as text, not as an option', async () => {
    const wav = await new EspeakSynthesizer().synthesize(
      request({ text: '-w /tmp/x --help', voice: 'kk' }),
    );
    expect(readWav(wav)).not.toBeNull();
  });

  it('fails clearly for an unknown voice and a missing binary', async () => {
    await expect(
      new EspeakSynthesizer().synthesize(request({ voice: 'zz-nonexistent' })),
    ).rejects.toBeInstanceOf(SynthesisError);
    await expect(
      new EspeakSynthesizer('/nonexistent/espeak-ng').synthesize(request({ voice: 'kk' })),
    ).rejects.toThrow(/espeak-ng/);
    expect(EspeakSynthesizer.available('/nonexistent/espeak-ng')).toBe(false);
  });
});
