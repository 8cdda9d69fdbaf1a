import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CALL_OUTCOMES } from '../calls/derive-outcome.js';
import { ConfigError } from '../errors/config-error.js';
import { LANGUAGES, languageSchema } from '../flow/language.js';
import { businessCalendarSchema } from './business-calendar.js';
import shippedSettings from './default-automation.json' with { type: 'json' };

/**
 * What a message template may mention: the caller's number, how long they waited and when
 * the callback is due. Whoever sends the message fills them; anything else would be sent
 * to a customer or a supervisor as literal `{braces}`.
 */
export const TEMPLATE_PLACEHOLDERS = ['caller', 'waitSec', 'due'] as const;

const templateText = z
  .string()
  .trim()
  .min(1)
  .superRefine((text, ctx) => {
    const unknown = [...text.matchAll(/\{(\w*)\}/g)]
      .map((m) => m[1] ?? '')
      .filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
    if (unknown.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown placeholder ${unknown.map((n) => `{${n}}`).join(', ')}; allowed: ${TEMPLATE_PLACEHOLDERS.map((n) => `{${n}}`).join(' ')}`,
      });
    }
  });

/** A message in every language the IVR speaks: the customer gets theirs. */
const templateSchema = z.strictObject(
  Object.fromEntries(LANGUAGES.map((lang) => [lang, templateText])) as Record<
    (typeof LANGUAGES)[number],
    typeof templateText
  >,
);

const priority = z.enum(['normal', 'high']);

/** Templates the callback calls speak to the agent; `{caller}` is the customer's number. */
export const REQUIRED_TEMPLATES = ['callbackAgent', 'callbackUnknownTask'] as const;

const callbackAction = z
  .strictObject({
    do: z.literal('callback'),
    /** Due this many minutes after the call ended. */
    dueInMinutes: z
      .number()
      .int()
      .min(0)
      .max(7 * 24 * 60)
      .optional(),
    /** Due when the company next opens (now, if it is open). */
    at: z.literal('next-opening').optional(),
    priority: priority.optional(),
  })
  .refine(
    (a) => (a.dueInMinutes === undefined) !== (a.at === undefined),
    'give either dueInMinutes or "at": "next-opening"',
  );

const smsAction = z.strictObject({ do: z.literal('sms'), template: z.string().min(1) });

const notifySupervisorAction = z.strictObject({
  do: z.literal('notify-supervisor'),
  template: z.string().min(1).default('supervisorAbandoned'),
  priority: priority.optional(),
});

export const automationActionSchema = z.discriminatedUnion('do', [
  callbackAction,
  smsAction,
  notifySupervisorAction,
]);
export type AutomationAction = z.infer<typeof automationActionSchema>;

/** Conditions on the finished call; every one given must hold. */
const whenSchema = z.strictObject({
  outcome: z.array(z.enum(CALL_OUTCOMES)).min(1),
  direction: z.enum(['inbound', 'outbound']).optional(),
  /** Whether the call ended while the company was open. */
  businessHours: z.boolean().optional(),
  /** The caller waited for a person strictly longer than this. */
  waitedMoreThanSec: z.number().int().min(0).optional(),
  /** The outbound attempt that just ended is numbered below this (1-based). */
  attemptsFewerThan: z.number().int().min(1).optional(),
});

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and -, at most 64'),
  when: whenSchema,
  then: z.array(automationActionSchema).min(1),
});
export type AutomationRule = z.infer<typeof ruleSchema>;

/**
 * The automation settings file: the company's business calendar, the full-contact
 * threshold, the rules that turn a finished call into tasks, and the message templates.
 * docs/call-outcomes.md describes the format.
 */
export const automationSettingsSchema = z
  .strictObject({
    businessHours: businessCalendarSchema,
    /** An ANSWERED call with at least this much talk is a full contact. */
    fullContactSec: z.number().int().min(0).max(3600),
    /** Language of messages for a caller whose language is not one the IVR speaks. */
    defaultLanguage: languageSchema.default('ru'),
    /**
     * Seconds after a call ends before its rules run: the provider's last Dial action,
     * connect event and status callback arrive as separate requests in no fixed order.
     */
    settleSec: z.number().int().min(0).max(600).default(10),
    /** Campaign or source per DID (E.164 → name), stored on each call. */
    campaigns: z
      .record(z.string().regex(/^\+[1-9]\d{6,14}$/, 'an E.164 number'), z.string().min(1).max(100))
      .default({}),
    rules: z.array(ruleSchema),
    templates: z.record(
      z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,63}$/, 'letters and digits, starting with a letter'),
      templateSchema,
    ),
  })
  .superRefine((settings, ctx) => {
    // What the agent hears when a callback connects: needed whenever a rule calls back.
    for (const name of REQUIRED_TEMPLATES) {
      if (!Object.hasOwn(settings.templates, name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['templates', name],
          message: `required (what the agent hears on a callback)`,
        });
      }
    }
    const seen = new Set<string>();
    settings.rules.forEach((rule, i) => {
      // Task ids are `${callId}:${ruleId}:${index}`: two rules with one id would collide.
      if (seen.has(rule.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'id'],
          message: `duplicate id ${rule.id}`,
        });
      }
      seen.add(rule.id);
      rule.then.forEach((action, j) => {
        if (action.do === 'callback') return;
        if (!Object.hasOwn(settings.templates, action.template)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'then', j, 'template'],
            message: `no template ${action.template} in templates`,
          });
        }
      });
    });
  });

export type AutomationSettings = z.infer<typeof automationSettingsSchema>;

function parseSettings(raw: unknown, source: string): AutomationSettings {
  const parsed = automationSettingsSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
  throw new ConfigError(`${source} is invalid:\n${lines.join('\n')}`, {
    hint: 'Fix the automation settings (docs/call-outcomes.md), or remove the file to use the defaults.',
  });
}

/**
 * The shipped defaults. Imported, not read from disk, so the build carries them along.
 * Validated at load: a broken default fails every test at once.
 */
export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = parseSettings(
  shippedSettings,
  'The shipped automation settings',
);

/**
 * Reads and validates an automation settings file, or returns the shipped defaults for
 * null. Throws ConfigError naming the file and every bad field
 * (`rules.1.when.waitedMoreThanSec: …`).
 */
export function loadAutomationSettings(file: string | null): AutomationSettings {
  if (file === null) return DEFAULT_AUTOMATION_SETTINGS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`Automation settings ${file}: ${(err as Error).message}`, {
      hint: 'Point the automation settings to a readable JSON file, or remove it to use the defaults.',
    });
  }
  return parseSettings(raw, `Automation settings ${file}`);
}
