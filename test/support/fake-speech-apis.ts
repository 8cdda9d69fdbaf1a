import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pcmToWav } from '../../src/synthesis/wav.js';

/** A request one of the fakes received, as it was sent. */
export interface SpeechApiRequest {
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeSpeechApi {
  url: string;
  requests: SpeechApiRequest[];
  /** Wait this long before answering (a slow engine). */
  delayMs: number;
  /** Answer with this status (and the documented error body) instead of audio. */
  failWith: number | null;
  close(): Promise<void>;
}

/** `ms` of a 440 Hz tone, 16-bit mono PCM at `rate`: audio a real decoder accepts. */
export function tone(ms: number, rate: number): Buffer {
  const samples = Math.round((rate * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) {
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)), i * 2);
  }
  return pcm;
}

/** Speech takes about 70 ms per character: long enough for durations to mean something. */
const msFor = (text: string) => Math.max(200, text.length * 70);

/**
 * Yandex SpeechKit API v1 as documented: POST /speech/v1/tts:synthesize with a URL-encoded
 * form (text or ssml, lang, voice, format, sampleRateHertz, folderId), `Authorization:
 * Api-Key <key>` or `Bearer <IAM token>`; answers the audio itself (`lpcm`: raw 16-bit
 * little-endian PCM, no header) or JSON `{ error_code, error_message }` with 4xx/5xx.
 */
export function fakeYandex(apiKey: string): Promise<FakeSpeechApi> {
  return serve(
    '/speech/v1/tts:synthesize',
    (req, body) => {
      if (req.headers.authorization !== `Api-Key ${apiKey}`) {
        return yandexError(401, 'UNAUTHORIZED', 'The token is invalid');
      }
      if (!String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
        return yandexError(400, 'BAD_REQUEST', 'body must be application/x-www-form-urlencoded');
      }
      const form = new URLSearchParams(body);
      const text = form.get('text');
      if (!text === !form.get('ssml')) {
        return yandexError(400, 'BAD_REQUEST', 'exactly one of text and ssml is required');
      }
      if (text && text.length > 5000) return yandexError(400, 'BAD_REQUEST', 'text too long');
      if (form.get('format') !== 'lpcm') return yandexError(400, 'BAD_REQUEST', 'format');
      const rate = Number(form.get('sampleRateHertz') ?? '48000');
      if (![8000, 16000, 48000].includes(rate)) {
        return yandexError(400, 'BAD_REQUEST', 'sampleRateHertz must be 8000, 16000 or 48000');
      }
      if (
        form.get('lang') === 'kk-KK' &&
        !['amira', 'madi', 'saule', 'zhanar'].includes(form.get('voice') ?? '')
      ) {
        return yandexError(400, 'BAD_REQUEST', 'unsupported voice for kk-KK');
      }
      return { status: 200, type: 'audio/x-pcm', body: tone(msFor(text ?? ''), rate) };
    },
    (status) => yandexError(status, status === 429 ? 'RESOURCE_EXHAUSTED' : 'INTERNAL', 'failure'),
  );
}

function yandexError(status: number, code: string, message: string): Answer {
  return {
    status,
    type: 'application/json',
    body: Buffer.from(JSON.stringify({ error_code: code, error_message: message })),
  };
}

/**
 * Azure Speech text to speech REST as documented: POST /cognitiveservices/v1 with the key
 * in `Ocp-Apim-Subscription-Key`, `Content-Type: application/ssml+xml`, the format in
 * `X-Microsoft-OutputFormat` and SSML naming the voice; answers the audio, or a bare status
 * (400 bad SSML, 401 key, 415 content type, 429 throttled).
 */
export function fakeAzure(key: string): Promise<FakeSpeechApi> {
  return serve(
    '/cognitiveservices/v1',
    (req, body) => {
      if (req.headers['ocp-apim-subscription-key'] !== key) return bare(401);
      if (req.headers['content-type'] !== 'application/ssml+xml') return bare(415);
      const format = req.headers['x-microsoft-outputformat'];
      const rate = { 'riff-16khz-16bit-mono-pcm': 16000, 'riff-8khz-16bit-mono-pcm': 8000 }[
        String(format)
      ];
      if (!rate) return bare(400);
      const ssml =
        /^<speak [^>]*xml:lang="([a-z]{2}-[A-Z]{2})"[^>]*><voice name="([^"<>]+)">([^<]*)<\/voice><\/speak>$/.exec(
          body,
        );
      if (!ssml) return bare(400);
      const text = ssml[3]!.replace(/&(lt|gt|amp|quot|apos);/g, ' ');
      return { status: 200, type: 'audio/x-wav', body: pcmToWav(tone(msFor(text), rate), rate) };
    },
    (status) => bare(status),
  );
}

const bare = (status: number): Answer => ({ status, type: 'text/plain', body: Buffer.alloc(0) });

interface Answer {
  status: number;
  type: string;
  body: Buffer;
}

async function serve(
  path: string,
  answer: (req: IncomingMessage, body: string) => Answer,
  failure: (status: number) => Answer,
): Promise<FakeSpeechApi> {
  const fake: Omit<FakeSpeechApi, 'url' | 'close'> = { requests: [], delayMs: 0, failWith: null };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      fake.requests.push({ headers: req.headers, body });
      const a =
        req.method !== 'POST' || req.url !== path
          ? bare(404)
          : fake.failWith !== null
            ? failure(fake.failWith)
            : answer(req, body);
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(a.status, { 'Content-Type': a.type, 'Content-Length': a.body.length });
        res.end(a.body);
      }, fake.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
