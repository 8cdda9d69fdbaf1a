import { readWav } from './wav.js';
import {
  SynthesisError,
  type SpeechSynthesizer,
  type SynthesisRequest,
} from './speech-synthesizer.js';

export interface AzureOptions {
  /** `https://<region>.tts.speech.microsoft.com/cognitiveservices/v1` (a local fake in tests). */
  url: string;
  /** The Speech resource key, sent as `Ocp-Apim-Subscription-Key`. */
  key: string;
}

/** 16-bit mono PCM in a RIFF container: the one format every engine here answers in. */
const OUTPUT_FORMAT = 'riff-16khz-16bit-mono-pcm';

/**
 * Azure Speech text to speech over REST: SSML in (`application/ssml+xml`, the voice by
 * name), the audio format chosen by `X-Microsoft-OutputFormat`, the audio itself out.
 * Errors are a status (400 bad SSML, 401 key, 415, 429 too many requests, 502) with an
 * empty or short body.
 */
export class AzureSynthesizer implements SpeechSynthesizer {
  readonly engine = 'azure' as const;

  constructor(private readonly options: AzureOptions) {}

  async synthesize(request: SynthesisRequest): Promise<Buffer> {
    const ssml =
      `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xml:lang="${escapeXml(request.locale)}">` +
      `<voice name="${escapeXml(request.voice)}">${escapeXml(request.text)}</voice></speak>`;
    let response: Response;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'Ocp-Apim-Subscription-Key': this.options.key,
          'Content-Type': 'application/ssml+xml',
          'X-Microsoft-OutputFormat': OUTPUT_FORMAT,
          'User-Agent': 'crm-ivr',
        },
        body: ssml,
        signal: request.signal,
      });
    } catch (err) {
      throw new SynthesisError(`azure: ${(err as Error).message}`, 'azure');
    }
    const body = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      const detail = body.toString('utf8').slice(0, 200).trim();
      throw new SynthesisError(`azure ${response.status}${detail ? `: ${detail}` : ''}`, 'azure');
    }
    if (!readWav(body)) throw new SynthesisError('azure: the answer is not PCM WAV', 'azure');
    return body;
  }
}

/** Text from the CRM inside SSML: `<`, `&` and quotes must not become markup. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
