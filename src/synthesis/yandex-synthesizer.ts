import { pcmToWav } from './wav.js';
import {
  SynthesisError,
  type SpeechSynthesizer,
  type SynthesisRequest,
} from './speech-synthesizer.js';

export interface YandexOptions {
  /** `https://tts.api.cloud.yandex.net/speech/v1/tts:synthesize` (a local fake in tests). */
  url: string;
  /** A service account's API key (`Authorization: Api-Key …`) … */
  apiKey: string | null;
  /** … or an IAM token (`Authorization: Bearer …`), which then needs the folder id. */
  iamToken: string | null;
  folderId: string | null;
}

/** Telephone audio: 16 kHz is plenty and a third of 48 kHz's bytes. */
const SAMPLE_RATE = 16000;

/**
 * Yandex SpeechKit, API v1 `tts:synthesize`: a URL-encoded form (text, lang, voice,
 * format, sampleRateHertz, folderId) answered with the audio itself. `lpcm` is raw 16-bit
 * little-endian PCM without a header, given one here; errors are JSON
 * `{ error_code, error_message }` with a 4xx/5xx status.
 */
export class YandexSynthesizer implements SpeechSynthesizer {
  readonly engine = 'yandex' as const;

  constructor(private readonly options: YandexOptions) {}

  async synthesize(request: SynthesisRequest): Promise<Buffer> {
    const { url, apiKey, iamToken, folderId } = this.options;
    const form = new URLSearchParams({
      text: request.text,
      lang: request.locale,
      voice: request.voice,
      format: 'lpcm',
      sampleRateHertz: String(SAMPLE_RATE),
    });
    if (folderId && !apiKey) form.set('folderId', folderId);
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: {
          Authorization: apiKey ? `Api-Key ${apiKey}` : `Bearer ${iamToken ?? ''}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: form,
        signal: request.signal,
      });
    } catch (err) {
      throw new SynthesisError(`yandex: ${(err as Error).message}`, 'yandex');
    }
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      throw new SynthesisError(`yandex ${response.status}: ${describeError(body)}`, 'yandex');
    }
    if (body.length === 0) throw new SynthesisError('yandex: empty audio', 'yandex');
    return pcmToWav(body, SAMPLE_RATE);
  }
}

function describeError(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    const code = typeof parsed.error_code === 'string' ? parsed.error_code : 'error';
    const message = typeof parsed.error_message === 'string' ? parsed.error_message : '';
    return `${code} ${message}`.trim();
  } catch {
    return body.toString('utf8').slice(0, 200);
  }
}
