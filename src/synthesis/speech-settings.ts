import { z } from 'zod';
import { languageSchema } from '../flow/language.js';

/** How one call language is spoken when a synthesiser speaks it instead of the provider. */
export const speechRouteSchema = z.object({
  engine: z.enum(['espeak-ng', 'yandex', 'azure']),
  /** `kk` (espeak-ng), `madi`/`amira`/`saule`/`zhanar` (Yandex kk-KK), `kk-KZ-AigulNeural` (Azure). */
  voice: z.string().min(1),
  /** The engine's language code; default: Yandex `kk-KK`/`ru-RU`/`en-US`/`uk-UA`, Azure kk-KZ…. */
  locale: z.string().min(2).optional(),
});
export type SpeechRoute = z.infer<typeof speechRouteSchema>;

/**
 * The `speech` block of the IVR settings (docs/speech.md): which languages a synthesiser
 * speaks (the others keep the provider's voices) and whether a prompt may be joined from
 * cached pieces (economy mode).
 */
export const speechSettingsSchema = z.object({
  languages: z.partialRecord(languageSchema, speechRouteSchema).default({}),
  economy: z.boolean().default(true),
  /** Silence between joined pieces, ms: the pause of the comma that separated them. */
  economyGapMs: z.number().int().min(0).max(1000).default(120),
});
export type SpeechSettings = z.infer<typeof speechSettingsSchema>;

export const DEFAULT_SPEECH_SETTINGS: SpeechSettings = {
  languages: { kk: { engine: 'espeak-ng', voice: 'kk' } },
  economy: true,
  economyGapMs: 120,
};
