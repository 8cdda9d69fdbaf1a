import type { Language } from '../flow/language.js';

/** The engines a language's prompts can be synthesised with (docs/speech.md). */
export type EngineName = 'espeak-ng' | 'yandex' | 'azure';

/** One phrase to synthesise: normalised text in a call language, with the voice to use. */
export interface SynthesisRequest {
  text: string;
  language: Language;
  /** The engine's voice name: `kk` (espeak-ng), `madi` (Yandex), `kk-KZ-AigulNeural` (Azure). */
  voice: string;
  /** The engine's language code when it differs from ours (Yandex `kk-KK`, Azure `kk-KZ`). */
  locale: string;
  /** Aborts the request or the process (engine timeout, shutdown). */
  signal: AbortSignal;
}

/**
 * The port to a speech synthesiser: text in, a mono 16-bit PCM WAV file out. Every engine
 * answers in that one format, so cached pieces of one engine and voice can be joined
 * (economy mode) and both providers play the file as it is.
 */
export interface SpeechSynthesizer {
  readonly engine: EngineName;
  synthesize(request: SynthesisRequest): Promise<Buffer>;
}

/** A synthesis that failed: the engine's answer, a timeout or a process error. */
export class SynthesisError extends Error {
  constructor(
    message: string,
    readonly engine: EngineName,
  ) {
    super(message);
    this.name = 'SynthesisError';
  }
}
