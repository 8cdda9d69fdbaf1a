import { z } from 'zod';
import { destinationSchema, type Destination } from './destination.js';
import { languageSchema, type Language } from './language.js';
import { reminderSettingsSchema } from './pick-reminder.js';
import { predictionRuleSchema } from './predict-reason.js';
import { segmentDestinationsSchema, segmentRuleSchema } from './segment-routing.js';
import { currencyWordsSchema } from '../words/money-words.js';
import { pluralFormsSchema } from '../words/plural-forms.js';

/** A prompt is text for TTS or a recorded-audio URL played instead. */
export const promptSchema = z.union([
  z.string().min(1),
  z.object({ audioUrl: z.url({ protocol: /^https?$/ }) }),
]);
export type Prompt = z.infer<typeof promptSchema>;

const perLanguage = <T extends z.ZodType>(item: T) =>
  z.object({ ru: item, kk: item, en: item, uk: item });

/**
 * What the person answering a transfer hears before the caller is put through, in the
 * company's default language (docs/operator-context.md). Sentences are joined with a space.
 */
export const whisperPromptsSchema = z.object({
  /**
   * A caller the CRM knows: the name forms `{name}` (first name), `{nameFormal}`,
   * `{nameGenitive}`, `{nameDative}` (docs/names.md).
   */
  customer: z.string().min(1),
  /** The name forms and `{segment}`: a known caller whose segment is worth saying. */
  customerWithSegment: z.string().min(1),
  /** A caller the CRM does not know; empty says nothing. */
  unknownCaller: z.string(),
  /** `{reason}`: the reason the IVR predicted, not (yet) confirmed by the caller. */
  reason: z.string().min(1),
  /** `{reason}`, `{answer}`: the predicted reason and how the caller answered. */
  reasonWithAnswer: z.string().min(1),
  /** `{speech}`: the caller's last words, when nothing was predicted. */
  said: z.string().min(1),
  /** How the caller's answer to the prediction is said. */
  answers: z.object({ yes: z.string().min(1), no: z.string().min(1), silence: z.string().min(1) }),
  /**
   * How CRM segments are said (`{ "vip": "VIP", "regular": "" }`); empty says nothing, a
   * segment not listed is said as the CRM wrote it.
   */
  segments: z.record(z.string(), z.string()),
});
export type WhisperPrompts = z.infer<typeof whisperPromptsSchema>;

/** Everything a caller hears, per language. `{placeholders}` are filled by the flow. */
export const promptSetSchema = z.object({
  partOfDay: z.object({
    morning: z.string().min(1),
    afternoon: z.string().min(1),
    evening: z.string().min(1),
    night: z.string().min(1),
  }),
  /** `{partOfDay}` and the name forms `{name}`, `{nameFormal}`, `{nameDative}`, `{nameGenitive}`. */
  greetingKnown: z.string().min(1),
  /** The greeting of segments addressed formally: usually `{partOfDay}, {nameFormal}!`. */
  greetingFormal: z.string().min(1),
  /** Neutral greeting for a caller the CRM does not know. */
  greetingUnknown: promptSchema,
  /** Greeting when the CRM is slow or down: no name, classic menu follows. */
  greetingClassic: promptSchema,
  /** One line of the language choice, said in this language. `{key}`. */
  languageChoiceLine: z.string().min(1),
  /** `{label}` and `{key}`. */
  menuOption: z.string().min(1),
  /** `{key}`. */
  menuOperator: z.string().min(1),
  invalidInput: promptSchema,
  /** Said before the menu is read again for keys only (speech not understood twice). */
  menuKeysOnly: promptSchema,
  connecting: promptSchema,
  connectingOperator: promptSchema,
  destinationUnavailable: promptSchema,
  allUnavailable: promptSchema,
  apology: promptSchema,
  /** How keys other than digits are said in a prompt: `{ "#": "решётку", "*": "звёздочку" }`. */
  keyNames: z.object({ '#': z.string().min(1), '*': z.string().min(1) }),
  /** The ten digits as words, 0 to 9, for reading a number back digit by digit. */
  digitWords: z.array(z.string().min(1)).length(10),
  /** `{key}`. */
  menuBalance: z.string().min(1),
  /** `{key}`. */
  menuTrustCredit: z.string().min(1),
  enterContract: promptSchema,
  /** `{digits}`. */
  contractReadBack: z.string().min(1),
  /** `{min}`, `{max}`. */
  contractWrongLength: z.string().min(1),
  contractNoInput: promptSchema,
  contractNotFound: promptSchema,
  balanceNotRegistered: promptSchema,
  balanceSent: promptSchema,
  /** The SMS text. `{contract}` (last 4 digits), `{amount}`. */
  balanceSms: z.string().min(1),
  smsFailed: promptSchema,
  trustNotRegistered: promptSchema,
  trustNotNeeded: promptSchema,
  /** `{until}`. */
  trustBlocked: z.string().min(1),
  trustBlockedUnpaid: promptSchema,
  /** `{until}`. */
  trustAlreadyActive: z.string().min(1),
  /** `{amount}`, `{until}`; also the SMS text. */
  trustActivated: z.string().min(1),
  selfServiceUnavailable: promptSchema,
  /** `{until}`: the expected end, time (and date when not today) in the caller's zone. */
  outageNotice: z.string().min(1),
  /** How an employee's name is said: `{first}`, `{last}`, `{patronymic}`. */
  employeeName: z.string().min(1),
  /** Opens the personal menu. */
  personalMenuIntro: promptSchema,
  /** `{name}`, `{key}`, `{extension}`. */
  personalMenuOption: z.string().min(1),
  /** `{key}`: the operator in the personal menu. */
  personalMenuOperator: z.string().min(1),
  /** Said once: any extension can be typed. */
  personalMenuExtensionHint: promptSchema,
  /** `{name}`. */
  connectingEmployee: z.string().min(1),
  /** `{extension}`. */
  extensionUnavailable: z.string().min(1),
  /**
   * How a date is said when it is not yesterday, today or tomorrow (which are words):
   * `{date}`. "{date}" in ru and uk (оформленный 28 ноября), "on {date}" in en, "{date} күні"
   * in kk. Dates fill `{when}` this way; `{date}` alone is always the bare date.
   */
  onDate: z.string().min(1),
  /** Currency words by ISO code, so amounts are spoken as words (docs/personalised-calls.md). */
  currencies: currencyWordsSchema,
  /** "Sorry, I did not understand": before a question is asked again. */
  notUnderstood: promptSchema,
  /**
   * The predicted-reason questions. All: `{when}`, `{date}`, `{time}` of the item's moment.
   * Order, claim: `{number}`. Transaction: `{amount}` (words), `{merchant}`, `{last4}`.
   * Appointment: `{specialist}`. Ticket: `{number}`, `{subject}`.
   */
  predictOrder: z.string().min(1),
  predictClaim: z.string().min(1),
  predictTransaction: z.string().min(1),
  predictAppointment: z.string().min(1),
  predictTicket: z.string().min(1),
  /** How to answer a predicted-reason question: yes (key 1) or no (key 2). */
  predictAnswerHint: promptSchema,
  /** Said when the caller's answer was not understood twice: keys only. */
  predictKeysOnly: promptSchema,
  /** `{number}`, `{status}`, `{window}` (delivery window in the caller's zone, may be empty). */
  orderStatus: z.string().min(1),
  /**
   * The same after the caller said yes to the question that named the order: `{status}`,
   * `{window}`, no number (it was just said). Absent: `orderStatus`.
   */
  orderStatusConfirmed: z.string().min(1).optional(),
  /** `{when}` (the day), `{from}`, `{to}` (times; `{to}` with its day when another day). */
  deliveryWindow: z.string().min(1),
  /** `{number}`, `{status}`. */
  claimStatus: z.string().min(1),
  /** `{number}`, `{status}`. */
  ticketStatus: z.string().min(1),
  /** How the operator is told the predicted item: per kind, `{number}`, `{last4}`, `{specialist}`. */
  itemLabels: z.strictObject({
    order: z.string().min(1),
    claim: z.string().min(1),
    card_transaction: z.string().min(1),
    appointment: z.string().min(1),
    ticket: z.string().min(1),
  }),
  /** Status names by item kind and status value. */
  statusNames: z.record(z.string(), z.string().min(1)),
  /** Suspicious transaction confirmed: the card is blocked at the fraud line. */
  fraudTransfer: promptSchema,
  /** `{when}`, `{date}`, `{time}`: confirm (1, yes) or reschedule (2). */
  appointmentChoice: z.string().min(1),
  /** Said when the choice was not understood twice: keys only. */
  appointmentKeysOnly: promptSchema,
  /** `{when}`, `{date}`, `{time}`. */
  appointmentConfirmed: z.string().min(1),
  connectingBooking: promptSchema,
  /** `{when}`, `{date}`, `{amount}` (words). */
  reminderPaymentDue: z.string().min(1),
  /** `{last4}`, `{when}`, `{date}`, `{key}`: the offer to renew. */
  reminderPolicy: z.string().min(1),
  /** `{points}`, `{pointsWord}` (bonusPoints by the number), and the name forms. */
  reminderBonus: z.string().min(1),
  /** The word after a number of points, by plural category: балл / балла / баллов. */
  bonusPoints: pluralFormsSchema,
  connectingRenewals: promptSchema,
  connectingManager: promptSchema,
  /** `{segment}`-routed callers: connecting to their line. */
  connectingPriority: promptSchema,
  whisper: whisperPromptsSchema,
});
export type PromptSet = z.infer<typeof promptSetSchema>;

/** The name of a place in the flow where campaign messages may be attached. */
export const controlPointSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and -, at most 64');

const keySchema = z.string().regex(/^[0-9*#]$/, 'a single key: 0-9, * or #');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

export const menuOptionSchema = z.object({
  id: z.string().min(1),
  key: keySchema,
  label: perLanguage(z.string().min(1)),
  keywords: perLanguage(z.array(z.string().min(1))),
  destination: destinationSchema,
});

/** The call flow's data: menus, prompts and timings. Loaded from a JSON file, validated here. */
export const flowSettingsSchema = z
  .object({
    partsOfDay: z.object({
      morning: hhmm,
      afternoon: hhmm,
      evening: hhmm,
      night: hhmm,
    }),
    prompts: perLanguage(promptSetSchema),
    languageChoice: z.object({
      timeoutSec: z.number().int().min(1).max(10),
      options: z
        .array(z.object({ language: languageSchema, key: keySchema, words: z.array(z.string()) }))
        .min(2),
    }),
    menu: z.object({
      timeoutSec: z.number().int().min(1).max(10),
      /** Invalid answers allowed before the operator takes over. */
      maxTries: z.number().int().min(1).max(5),
      /** Speech below this recogniser confidence counts as not understood. */
      minConfidence: z.number().min(0).max(1),
      options: z.array(menuOptionSchema).min(1),
      /** The control point where the main menu is read (docs/campaigns.md). */
      controlPoint: controlPointSchema.default('main-menu'),
      operator: z.object({ key: keySchema, keywords: perLanguage(z.array(z.string().min(1))) }),
    }),
    /** Balance by SMS and trust credit: keys, words, contract number rules, credit terms. */
    selfService: z.object({
      balance: z.object({ key: keySchema, keywords: perLanguage(z.array(z.string().min(1))) }),
      trustCredit: z.object({
        key: keySchema,
        keywords: perLanguage(z.array(z.string().min(1))),
        /** Amount in major units per contract currency, e.g. `{ "KZT": 500, "RUB": 100 }`. */
        amounts: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()),
        /** Days until it must be repaid. */
        termDays: z.number().int().min(1).max(90),
        /** Months a late repayment blocks the next trust credit. */
        blockMonths: z.number().int().min(1).max(24),
      }),
      contractDigits: z
        .object({ min: z.number().int().min(1), max: z.number().int().max(20) })
        .refine((d) => d.min <= d.max, 'min must not exceed max'),
      /** Seconds to wait for the contract number. */
      timeoutSec: z.number().int().min(3).max(10),
      /** Wrong or missing answers before the operator takes over. */
      maxTries: z.number().int().min(1).max(5),
    }),
    /** The menu of the employees dealing with a known customer (from the CRM's ranking). */
    personalMenu: z.object({
      /** Employees offered (2–3). */
      size: z.number().int().min(1).max(3),
      timeoutSec: z.number().int().min(2).max(10),
      /** Longest extension the caller may type; extensions have at least two digits. */
      maxExtensionDigits: z.number().int().min(2).max(6),
      /** Menu option id tried when the chosen employee and the next one do not answer. */
      fallbackOptionId: z.string().min(1),
    }),
    /** Who is greeted with name and patronymic (Арман Қайратұлы, Иван Петрович). */
    greeting: z.object({
      formalForSegments: z.array(z.string().min(1)),
      /** The control point right after the greeting, before anything is asked (docs/campaigns.md). */
      controlPoint: controlPointSchema.default('after-greeting'),
    }),
    /** Seconds a transfer rings before it counts as no-answer. */
    dialTimeoutSec: z.number().int().min(5).max(120),
    /**
     * Said once before a recorded transfer (RECORDING=on), per language; a language left
     * out (or the whole setting) says nothing (docs/crm-connectors.md, "Recordings").
     */
    recordingAnnouncement: z.partialRecord(languageSchema, promptSchema).default({}),
    /** Why the customer probably calls: rules over their open items (docs/personalised-calls.md). */
    prediction: z.object({
      rules: z.array(predictionRuleSchema),
      /** Seconds to wait for yes or no. */
      timeoutSec: z.number().int().min(2).max(10),
    }),
    /** Straight routes by who the customer is, first matching rule wins. */
    segmentRouting: z.object({
      rules: z.array(segmentRuleSchema),
      /** Named destinations: segment routes, and the fraud, booking and renewals lines. */
      destinations: segmentDestinationsSchema,
    }),
    /** At most one reminder per call, after the predicted-reason question. */
    reminders: reminderSettingsSchema.extend({
      /** The key that accepts the renewal offer of an expiring policy. */
      renewKey: keySchema,
      /** Seconds to wait for the renewal key before the menu. */
      timeoutSec: z.number().int().min(2).max(10),
    }),
    /** Zone guess from the caller's number when the CRM has none: longest prefix wins. */
    zones: z.object({
      byPrefix: z.record(z.string().regex(/^\+\d+$/), z.string()),
      byCountry: z.record(z.string().regex(/^[A-Z]{2}$/), z.string()),
    }),
  })
  .superRefine((s, ctx) => {
    // Every route names a destination that exists: a typo would silently skip a target.
    const named = s.segmentRouting.destinations;
    s.segmentRouting.rules.forEach((rule, i) => {
      rule.route.forEach((name, j) => {
        if (name !== 'personal-manager' && !Object.hasOwn(named, name)) {
          ctx.addIssue({
            code: 'custom',
            path: ['segmentRouting', 'rules', i, 'route', j],
            message: `no destination ${name} in segmentRouting.destinations`,
          });
        }
      });
    });
    for (const line of ['fraud', 'booking', 'renewals']) {
      if (!Object.hasOwn(named, line)) {
        ctx.addIssue({
          code: 'custom',
          path: ['segmentRouting', 'destinations', line],
          message: 'required: where confirmed items are put through',
        });
      }
    }
    // One key, one meaning: a key used twice in the main menu would make one choice unreachable.
    const keys = [
      ...s.menu.options.map((o, i) => ({ key: o.key, path: ['menu', 'options', i, 'key'] })),
      { key: s.menu.operator.key, path: ['menu', 'operator', 'key'] },
      { key: s.selfService.balance.key, path: ['selfService', 'balance', 'key'] },
      { key: s.selfService.trustCredit.key, path: ['selfService', 'trustCredit', 'key'] },
    ];
    if (!s.menu.options.some((o) => o.id === s.personalMenu.fallbackOptionId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['personalMenu', 'fallbackOptionId'],
        message: `no menu option has the id ${s.personalMenu.fallbackOptionId}`,
      });
    }
    keys.forEach((k, i) => {
      const first = keys.findIndex((other) => other.key === k.key);
      if (first < i) {
        ctx.addIssue({
          code: 'custom',
          path: k.path,
          message: `key ${k.key} is already used by ${keys[first]!.path.join('.')}`,
        });
      }
    });
  });
export type FlowSettings = z.infer<typeof flowSettingsSchema>;
export type MenuOption = z.infer<typeof menuOptionSchema>;

/** What the flow needs beyond the settings file: values that come from the environment. */
export interface FlowConfig {
  settings: FlowSettings;
  defaultLanguage: Language;
  /** IANA zone of the company: the last resort for part-of-day. */
  companyZone: string;
  operator: Destination;
  /** Tried when the operator does not answer either. */
  fallback: Destination | null;
  /** RECORDING=on: transfers are recorded (both parties, from the answer). */
  recording: boolean;
}
