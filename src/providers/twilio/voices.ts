import { z } from 'zod';

/**
 * Twilio voice per call language. Twilio has no Kazakh TTS voice and kk-KZ speech
 * recognition only in the deprecated Gather 1.0 list, so the shipped settings map kk to
 * the Russian voice and recogniser (most Kazakh callers understand and code-switch to Russian).
 */
export const twilioVoiceSchema = z.object({
  /** `<Say language>`, e.g. ru-RU. */
  language: z.string().min(2),
  /** `<Say voice>`, e.g. Polly.Tatyana or Google.uk-UA-Standard-A. */
  voice: z.string().min(1).optional(),
  /** `<Gather language>` for speech recognition. */
  speechLanguage: z.string().min(2),
});

export const twilioVoicesSchema = z.object({
  ru: twilioVoiceSchema,
  kk: twilioVoiceSchema,
  en: twilioVoiceSchema,
  uk: twilioVoiceSchema,
});
export type TwilioVoices = z.infer<typeof twilioVoicesSchema>;
