import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../errors/config-error.js';
import { ORDER_STATUSES } from '../../flow/customer-items.js';
import { languageSchema } from '../../flow/language.js';

/** A CRM field: its code (`UF_CRM_LANGUAGE`, `LANGUAGE`) or, in amoCRM, its numeric id. */
const fieldRef = z.union([z.string().trim().min(1).max(100), z.number().int().positive()]);

const sectionSchema = z.strictObject({
  language: z
    .strictObject({
      field: fieldRef.nullable(),
      // The CRM's value (a list item id or text) → ru, kk, en or uk; unmapped values are
      // read as a language code themselves.
      values: z.record(z.string(), languageSchema).default({}),
    })
    .default({ field: null, values: {} }),
  segment: z
    .strictObject({
      field: fieldRef.nullable(),
      // The CRM's value → the IVR's segment (regular, vip, corporate, debtor, …);
      // unmapped values are used lower-cased.
      values: z.record(z.string(), z.string().min(1).max(50)).default({}),
    })
    .default({ field: null, values: {} }),
  timeZone: z.strictObject({ field: fieldRef.nullable() }).default({ field: null }),
  openItems: z
    .strictObject({
      // Deals (Bitrix24) or leads (amoCRM) of the contact offered as open orders.
      enabled: z.boolean(),
      // The deal's stage or lead's status id → order status; unmapped open ones are `created`.
      stages: z.record(z.string(), z.enum(ORDER_STATUSES)).default({}),
      limit: z.number().int().min(1).max(50).default(5),
    })
    .default({ enabled: false, stages: {}, limit: 5 }),
  // Where a transfer to the responsible user's internal number goes: `{extension}` is
  // replaced, e.g. sip:{extension}@pbx.example.kz. Null: their own phone, if any.
  extensionDestination: z
    .string()
    .regex(/^sips?:[^\s@]*\{extension\}[^\s@]*@\S+$/, 'a SIP URI with {extension} in the user part')
    .nullable()
    .default(null),
});

// amoCRM keeps no internal numbers: the responsible user's extension is configured here,
// by amoCRM user id ("5678": "34"), for the transfer to them.
const amoCrmSectionSchema = sectionSchema.extend({
  extensions: z
    .record(
      z.string().regex(/^\d+$/, 'an amoCRM user id'),
      z.string().regex(/^\d{2,8}$/, '2 to 8 digits'),
    )
    .default({}),
});

export const fieldMappingSchema = z.strictObject({
  $schema: z.string().optional(),
  bitrix24: sectionSchema.default({
    language: { field: null, values: {} },
    segment: {
      field: 'TYPE_ID',
      values: { VIP: 'vip', CLIENT: 'regular', PARTNER: 'corporate', SUPPLIER: 'regular' },
    },
    timeZone: { field: null },
    openItems: { enabled: false, stages: {}, limit: 5 },
    extensionDestination: null,
  }),
  amocrm: amoCrmSectionSchema.default({
    language: { field: null, values: {} },
    segment: { field: null, values: {} },
    timeZone: { field: null },
    openItems: { enabled: false, stages: {}, limit: 5 },
    extensionDestination: null,
    extensions: {},
  }),
});

export type FieldMapping = z.infer<typeof fieldMappingSchema>;
export type CrmFieldMapping = z.infer<typeof sectionSchema>;
export type AmoCrmFieldMapping = z.infer<typeof amoCrmSectionSchema>;

/** The shipped mapping: what each CRM has out of the box. */
export const DEFAULT_FIELD_MAPPING: FieldMapping = fieldMappingSchema.parse({});

/**
 * Reads CRM_FIELD_MAP_FILE (JSON; docs/crm-connectors.md) over the defaults, or the defaults
 * when null. Throws ConfigError naming every bad field, so a typo stops the start.
 */
export function loadFieldMapping(file: string | null): FieldMapping {
  if (file === null) return DEFAULT_FIELD_MAPPING;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError(`CRM_FIELD_MAP_FILE ${file}: ${(err as Error).message}`, {
      hint: 'Point CRM_FIELD_MAP_FILE at a JSON file like docs/crm-field-map.example.json.',
    });
  }
  // A section given in part keeps that CRM's defaults for the keys it leaves out.
  if (typeof raw === 'object' && raw !== null) {
    const given = raw as Record<string, unknown>;
    for (const crm of ['bitrix24', 'amocrm'] as const) {
      const section = given[crm];
      if (typeof section === 'object' && section !== null && !Array.isArray(section)) {
        given[crm] = { ...DEFAULT_FIELD_MAPPING[crm], ...section };
      }
    }
  }
  const parsed = fieldMappingSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`CRM_FIELD_MAP_FILE ${file} is invalid:\n${lines.join('\n')}`, {
      hint: 'See docs/crm-connectors.md, "Field mapping".',
    });
  }
  return parsed.data;
}
