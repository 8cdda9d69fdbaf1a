import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import { flowSettingsSchema } from '../flow/settings.js';
import { twilioVoicesSchema } from '../providers/twilio/voices.js';
import { vonageVoicesSchema } from '../providers/vonage/voices.js';
import { DEFAULT_SPEECH_SETTINGS, speechSettingsSchema } from '../synthesis/speech-settings.js';

/** The IVR settings file: the flow's menus and prompts plus each provider's voices. */
export const ivrSettingsSchema = flowSettingsSchema.extend({
  voices: z.object({ twilio: twilioVoicesSchema, vonage: vonageVoicesSchema }),
  /** Languages spoken by a synthesiser instead of the provider's voices (docs/speech.md). */
  speech: speechSettingsSchema.default(DEFAULT_SPEECH_SETTINGS),
});
export type IvrSettings = z.infer<typeof ivrSettingsSchema>;

const DEFAULT_FILE = new URL('./default-ivr-settings.json', import.meta.url);

/**
 * Reads and validates the IVR settings (IVR_SETTINGS_FILE, or the shipped defaults).
 * Fails at start with the path of every bad field, e.g. `menu.options.0.destination`.
 */
export function loadIvrSettings(file: string | null): IvrSettings {
  const source = file ?? DEFAULT_FILE;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(source, 'utf8'));
  } catch (err) {
    throw new ConfigError(`IVR_SETTINGS_FILE ${String(source)}: ${(err as Error).message}`);
  }
  const parsed = ivrSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`IVR_SETTINGS_FILE ${String(source)} is invalid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
