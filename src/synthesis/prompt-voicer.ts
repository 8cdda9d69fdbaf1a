import pLimit from 'p-limit';
import type { CallAction, PauseAction, PlayAction, SayAction } from '../flow/actions.js';
import type { Language } from '../flow/language.js';
import type { Logger } from '../lib/logger.js';
import { normalizePhrase, phrasePieces } from './phrase-text.js';
import type { PhraseCache } from './phrase-cache.js';
import type { SpeechRoute } from './speech-settings.js';
import type { EngineName, SpeechSynthesizer } from './speech-synthesizer.js';
import {
  speechCacheHits,
  speechCacheMisses,
  speechFallbacks,
  speechSynthesisSeconds,
} from './speech-metrics.js';
import { joinWavs } from './wav.js';

/** A language spoken by a synthesiser: its route (engine, voice, locale) and the engine. */
export interface VoicedLanguage {
  route: SpeechRoute & { locale: string };
  synthesizer: SpeechSynthesizer;
}

export interface PromptVoicerOptions {
  cache: PhraseCache;
  languages: Partial<Record<Language, VoicedLanguage>>;
  /** Base of the audio URLs: PUBLIC_URL. */
  publicUrl: string;
  /** How long a webhook may wait for phrases not in the cache, ms (SPEECH_BUDGET_MS). */
  budgetMs: number;
  /** How long one synthesis may take at all, ms (it goes on after the budget, for next time). */
  engineTimeoutMs: number;
  economy: boolean;
  economyGapMs: number;
  logger: Logger;
}

type Prompt = SayAction | PlayAction | PauseAction;

/**
 * The render-time step between the flow and the renderers: each `say` in a language a
 * synthesiser speaks becomes a `play` of the cached phrase's URL. A phrase not cached is
 * joined from cached pieces (economy mode) or synthesised, and if that does not finish
 * within the budget the prompt stays a `say` (the provider's voice) for this webhook while
 * the synthesis goes on in the background: the caller never waits on a synthesiser.
 */
export class PromptVoicer {
  private readonly pending = new Map<string, Promise<void>>();
  /** The warm-up queue: a few phrases at a time, so it never starves calls of CPU or quota. */
  private readonly warmLimit = pLimit(2);

  constructor(private readonly options: PromptVoicerOptions) {}

  /** The languages a synthesiser speaks. */
  get languages(): Language[] {
    return Object.keys(this.options.languages) as Language[];
  }

  get cache(): PhraseCache {
    return this.options.cache;
  }

  /** The actions with every phrase that can be played from the cache in time turned into a play. */
  async voice(actions: CallAction[]): Promise<CallAction[]> {
    if (!actions.some(needsVoice(this.options.languages))) return actions;
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.options.budgetMs);
    });
    try {
      return await Promise.all(
        actions.map(async (action): Promise<CallAction> => {
          if (action.kind === 'say') return this.voiceSay(action, budget);
          if (action.kind !== 'gather') return action;
          const prompts = await Promise.all(
            action.prompts.map((p): Promise<Prompt> =>
              p.kind === 'say' ? this.voiceSay(p, budget) : Promise.resolve(p),
            ),
          );
          return { ...action, prompts };
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Synthesises the phrases not cached yet, a few at a time (start-up, `npm run
   * speech:warm`). Resolves with how many were synthesised and how many failed.
   */
  async warm(
    phrases: Array<{ language: Language; text: string }>,
  ): Promise<{ synthesised: number; cached: number; failed: number; characters: number }> {
    const tally = { synthesised: 0, cached: 0, failed: 0, characters: 0 };
    const seen = new Set<string>();
    await Promise.all(
      phrases.map(({ language, text }) =>
        this.warmLimit(async () => {
          const voiced = this.options.languages[language];
          const phrase = normalizePhrase(text);
          if (!voiced || phrase === '') return;
          const key = this.keyOf(voiced, language, phrase);
          if (seen.has(key)) return;
          seen.add(key);
          if (await this.options.cache.has(key)) {
            tally.cached += 1;
            return;
          }
          try {
            await this.synthesise(voiced, language, phrase, key);
            tally.synthesised += 1;
            tally.characters += phrase.length;
          } catch {
            tally.failed += 1;
          }
        }),
      ),
    );
    return tally;
  }

  /** The URL a cached phrase is played from. */
  urlOf(key: string): string {
    return `${this.options.publicUrl}/audio/${key}.wav`;
  }

  /** Key of a phrase as this app caches it (tests and the warm-up report use it). */
  keyFor(language: Language, text: string): string | null {
    const voiced = this.options.languages[language];
    return voiced ? this.keyOf(voiced, language, normalizePhrase(text)) : null;
  }

  private keyOf(voiced: VoicedLanguage, language: Language, phrase: string): string {
    return this.options.cache.keyFor(
      voiced.synthesizer.engine,
      voiced.route.voice,
      language,
      phrase,
    );
  }

  private async voiceSay(say: SayAction, budget: Promise<'late'>): Promise<SayAction | PlayAction> {
    const voiced = this.options.languages[say.language];
    const phrase = normalizePhrase(say.text);
    if (!voiced || phrase === '') return say;
    const engine = voiced.synthesizer.engine;
    const labels = { engine, language: say.language };
    const key = this.keyOf(voiced, say.language, phrase);
    const play: PlayAction = { kind: 'play', url: this.urlOf(key) };
    if (await this.options.cache.has(key)) {
      speechCacheHits.inc({ ...labels, source: 'phrase' });
      return play;
    }
    speechCacheMisses.inc(labels);
    if (this.options.economy && (await this.joinPieces(voiced, say.language, phrase, key))) {
      speechCacheHits.inc({ ...labels, source: 'pieces' });
      return play;
    }
    const job = this.synthesise(voiced, say.language, phrase, key).then(
      () => 'done' as const,
      () => 'failed' as const,
    );
    if ((await Promise.race([job, budget])) === 'done') return play;
    speechFallbacks.inc(labels);
    this.options.logger.info(
      { engine, language: say.language, budgetMs: this.options.budgetMs },
      "phrase not cached in time: the provider's voice says it, synthesis goes on",
    );
    return say;
  }

  /** Economy mode: the phrase joined from its cached pieces, stored under its own key. */
  private async joinPieces(
    voiced: VoicedLanguage,
    language: Language,
    phrase: string,
    key: string,
  ): Promise<boolean> {
    const pieces = phrasePieces(phrase);
    if (pieces.length < 2) return false;
    const files = await Promise.all(
      pieces.map((p) => this.options.cache.read(this.keyOf(voiced, language, p))),
    );
    if (files.some((f) => f === null)) return false;
    const joined = joinWavs(files as Buffer[], this.options.economyGapMs);
    if (!joined) return false;
    await this.options.cache.write(key, joined);
    return true;
  }

  /** One synthesis per phrase at a time: a second caller waits for the same one. */
  private synthesise(
    voiced: VoicedLanguage,
    language: Language,
    phrase: string,
    key: string,
  ): Promise<void> {
    const running = this.pending.get(key);
    if (running) return running;
    const engine: EngineName = voiced.synthesizer.engine;
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    const job = voiced.synthesizer
      .synthesize({
        text: phrase,
        language,
        voice: voiced.route.voice,
        locale: voiced.route.locale,
        signal: AbortSignal.timeout(this.options.engineTimeoutMs),
      })
      .then(async (wav) => {
        speechSynthesisSeconds.observe({ engine, outcome: 'ok' }, seconds());
        await this.options.cache.write(key, wav);
      })
      .catch((err: unknown) => {
        speechSynthesisSeconds.observe({ engine, outcome: 'error' }, seconds());
        this.options.logger.warn(
          { engine, language, err: err instanceof Error ? err.message : String(err) },
          'speech synthesis failed',
        );
        throw err;
      })
      .finally(() => this.pending.delete(key));
    this.pending.set(key, job);
    return job;
  }
}

function needsVoice(languages: Partial<Record<Language, VoicedLanguage>>) {
  const voiced = (p: Prompt) => p.kind === 'say' && languages[p.language] !== undefined;
  return (action: CallAction) =>
    action.kind === 'say'
      ? voiced(action)
      : action.kind === 'gather' && action.prompts.some(voiced);
}
