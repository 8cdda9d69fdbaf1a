import { z } from 'zod';

/**
 * Vonage voice per call language. Vonage lists no kk-KZ for TTS or ASR, so the shipped
 * settings map kk to ru-RU (documented fallback); change it here if Vonage adds Kazakh.
 */
export const vonageVoiceSchema = z.object({
  /** `talk.language`, BCP-47, e.g. ru-RU. */
  language: z.string().min(2),
  /** `talk.style`: the voice variant for the language (0 is always available). */
  style: z.number().int().min(0),
  /** `input.speech.language` for speech recognition. */
  speechLanguage: z.string().min(2),
});

export const vonageVoicesSchema = z.object({
  ru: vonageVoiceSchema,
  kk: vonageVoiceSchema,
  en: vonageVoiceSchema,
  uk: vonageVoiceSchema,
});
export type VonageVoices = z.infer<typeof vonageVoicesSchema>;
