import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../errors/config-error.js';
import { HALF_LIVES_PER_LIFETIME } from './decay.js';
import shippedSettings from './default-ranking-settings.json' with { type: 'json' };

/** An event type name as the CRM sends it: `invoice_sent`, `call_outgoing`, … */
export const eventTypeNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/, 'lower-case letters, digits and _, starting with a letter');

const eventTypeSettingsSchema = z.strictObject({
  weight: z.number().positive().max(1000),
  lifetimeDays: z.number().positive().max(3650),
});

/**
 * The ranking settings file (RANKING_FILE, default default-ranking-settings.json): what
 * each event type weighs and how long it counts, the score below which an employee is
 * not offered, and how many employees the menu offers.
 */
export const rankingSettingsSchema = z
  .strictObject({
    eventTypes: z
      .record(eventTypeNameSchema, eventTypeSettingsSchema)
      .refine((types) => Object.keys(types).length > 0, 'at least one event type'),
    minScore: z.number().positive(),
    menuSize: z.number().int().min(2).max(3),
  })
  .superRefine((settings, ctx) => {
    // An aggregate never reaches exactly zero: at the end of its lifetime an event still
    // weighs w · 2⁻¹⁰. minScore is what makes "its lifetime is over" true for one event.
    const heaviest = Math.max(...Object.values(settings.eventTypes).map((t) => t.weight));
    const leftover = heaviest / 2 ** HALF_LIVES_PER_LIFETIME;
    if (settings.minScore <= leftover) {
      ctx.addIssue({
        code: 'custom',
        path: ['minScore'],
        message: `must be above ${leftover.toPrecision(3)} (the heaviest weight / 1024), or an event would still count after its lifetime`,
      });
    }
  });

export type RankingSettings = z.infer<typeof rankingSettingsSchema>;

function parseSettings(raw: unknown, source: string): RankingSettings {
  const parsed = rankingSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new ConfigError(`${source} is invalid:\n${lines.join('\n')}`, {
    hint: 'Fix the ranking settings (docs/employee-ranking.md), or remove RANKING_FILE to use the defaults.',
  });
}

/**
 * The shipped defaults. Imported, not read from disk, so the build carries them along.
 * Validated at load: a broken default fails every test at once.
 */
export const DEFAULT_RANKING_SETTINGS: RankingSettings = parseSettings(
  shippedSettings,
  'The shipped ranking settings',
);

/**
 * Reads and validates a ranking settings file, or returns the shipped defaults for null.
 * Throws ConfigError naming every bad field (`eventTypes.invoice_sent.weight: …`).
 */
export function loadRankingSettings(file: string | null): RankingSettings {
  if (file === null) return DEFAULT_RANKING_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`RANKING_FILE ${file}: ${(err as Error).message}`, {
      hint: 'Point RANKING_FILE to a readable JSON file, or remove it to use the defaults.',
    });
  }
  return parseSettings(raw, `RANKING_FILE ${file}`);
}

/** The settings of an event type, or undefined when the settings do not know it. */
export function eventTypeOf(
  settings: RankingSettings,
  type: string,
): z.infer<typeof eventTypeSettingsSchema> | undefined {
  return Object.hasOwn(settings.eventTypes, type) ? settings.eventTypes[type] : undefined;
}
