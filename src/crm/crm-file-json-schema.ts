import { z } from 'zod';
import { crmFileSchema } from './crm-file-schema.js';

/**
 * The CRM file's JSON Schema (draft 2020-12), generated from the zod schema so the two
 * cannot drift. `io: 'input'` describes what people write, before trimming. Checks zod
 * runs in code (IANA zone names, phone numbers) are only in the descriptions.
 */
export function crmFileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(crmFileSchema, { target: 'draft-2020-12', io: 'input' });
}

/** The JSON Schema as written to docs/crm-file.schema.json: pretty, newline at the end. */
export function crmFileJsonSchemaText(): string {
  return `${JSON.stringify(crmFileJsonSchema(), null, 2)}\n`;
}
