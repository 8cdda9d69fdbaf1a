import { Counter, Histogram } from 'prom-client';

/** Prompts played from the phrase cache (whole, or joined from cached pieces). */
export const speechCacheHits = new Counter({
  name: 'ivr_speech_cache_hits_total',
  help: 'Prompts played from the phrase cache',
  labelNames: ['engine', 'language', 'source'] as const,
});

/** Prompts not in the cache when a call needed them. */
export const speechCacheMisses = new Counter({
  name: 'ivr_speech_cache_misses_total',
  help: 'Prompts not in the phrase cache when a call needed them',
  labelNames: ['engine', 'language'] as const,
});

/** Misses not synthesised within SPEECH_BUDGET_MS: said by the provider's voice instead. */
export const speechFallbacks = new Counter({
  name: 'ivr_speech_fallbacks_total',
  help: "Prompts said by the provider's voice because synthesis did not finish in the budget",
  labelNames: ['engine', 'language'] as const,
});

/** How long an engine took per phrase, by outcome (`ok`, `error`). */
export const speechSynthesisSeconds = new Histogram({
  name: 'ivr_speech_synthesis_seconds',
  help: 'Time an engine took to synthesise one phrase',
  labelNames: ['engine', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 3, 5, 10],
});
