import { z } from 'zod';
import { destinationSchema } from '../flow/destination.js';
import { languageSchema, LANGUAGES, type Language } from '../flow/language.js';
import { promptSchema, type Prompt } from '../flow/settings.js';

/** The segment of callers the CRM does not know (or could not be asked about). */
export const UNKNOWN_SEGMENT = 'unknown';

export const CAMPAIGN_STATUSES = ['active', 'stopped'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const day = z
  .string({ error: 'expected a day, YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day, YYYY-MM-DD')
  .refine((text) => !Number.isNaN(Date.parse(`${text}T00:00:00Z`)), 'not a calendar day');

const key = z
  .string({ error: 'expected a key: 0-9, * or #' })
  .regex(/^[0-9*#]$/, 'expected a key: 0-9, * or #');

/**
 * The message per language: text for TTS or `{ "audioUrl": "https://…" }` played as is. A
 * caller hears the campaign only in a language it has a message for.
 */
const messagesSchema = z
  .partialRecord(languageSchema, promptSchema, {
    error: `expected an object with messages by language (${LANGUAGES.join(', ')})`,
  })
  .refine((m) => Object.keys(m).length > 0, 'at least one language');

/** Words that take the action, per language (matched like menu keywords). */
const wordsSchema = z
  .partialRecord(languageSchema, z.array(z.string().trim().min(1).max(100)).max(20))
  .default({});

/**
 * What the caller may do during the message: press `key` (or say one of `words`) to hear a
 * further message, or to be connected to a number or SIP URI.
 */
export const campaignActionSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('hear-more'),
      key,
      words: wordsSchema,
      messages: messagesSchema,
    }),
    z.strictObject({
      type: z.literal('connect'),
      key,
      words: wordsSchema,
      /** An E.164 number or a SIP URI, kept as written (parsed when the call is put through). */
      destination: z
        .string({ error: 'expected an E.164 number or a SIP URI' })
        .refine((s) => destinationSchema.safeParse(s).success, {
          message: 'expected an E.164 number (+77011234567) or a SIP URI (sip:user@host)',
        }),
    }),
  ],
  { error: 'expected type "hear-more" or "connect"' },
);
export type CampaignAction = z.infer<typeof campaignActionSchema>;

/**
 * A campaign as the API, the console and the CRM file write it (POST and PUT validate the
 * same). `controlPoint` is checked against the menu's control points by whoever knows them.
 */
export const campaignInputSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _, at most 64')
      .optional(),
    name: z.string({ error: 'expected text' }).trim().min(1, 'must not be empty').max(200),
    controlPoint: z.string({ error: 'expected the name of a control point' }).min(1),
    messages: messagesSchema,
    action: campaignActionSchema.nullable().default(null),
    /** First and last day it plays, inclusive, in the company's zone. */
    startsOn: day,
    endsOn: day,
    /** Target CRM segments; `unknown` for callers the CRM does not know. */
    segments: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
    /** Only callers hearing the IVR in these languages; null: any it has a message for. */
    languages: z.array(languageSchema).min(1).nullable().default(null),
    /** Only these customers (whatever their segment); null: by segment. */
    customerIds: z.array(z.string().min(1).max(200)).min(1).max(100_000).nullable().default(null),
    /** The higher wins when two campaigns could play at one point. */
    priority: z.number().int().min(0).max(1_000_000).default(0),
    /** How many times one customer (or number) may hear it in all; null: no limit. */
    maxPlaysPerCustomer: z.number().int().min(1).max(1000).nullable().default(null),
    status: z.enum(CAMPAIGN_STATUSES).default('active'),
  })
  .superRefine((c, ctx) => {
    if (c.endsOn < c.startsOn) {
      ctx.addIssue({ code: 'custom', path: ['endsOn'], message: 'before startsOn' });
    }
    if (c.segments.length === 0 && c.customerIds === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['segments'],
        message: 'name at least one segment (or give customerIds)',
      });
    }
    if (c.action?.type === 'hear-more') {
      for (const language of Object.keys(c.messages)) {
        if (!(language in c.action.messages)) {
          ctx.addIssue({
            code: 'custom',
            path: ['action', 'messages', language],
            message: 'the further message is missing in a language the campaign speaks',
          });
        }
      }
    }
  });
export type CampaignInput = z.input<typeof campaignInputSchema>;
export type CampaignFields = z.output<typeof campaignInputSchema>;

/** A stored campaign, as the API answers it. */
export interface Campaign extends Omit<CampaignFields, 'id'> {
  id: string;
  messages: Partial<Record<Language, Prompt>>;
  createdAt: string;
  updatedAt: string;
}
