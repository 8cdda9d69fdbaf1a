import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { crmFileJsonSchemaText } from '../crm/crm-file-json-schema.js';

/**
 * `npm run crm:schema`: regenerates docs/crm-file.schema.json from the zod schema. Run it
 * after changing src/crm/crm-file-schema.ts; a test fails while the two disagree.
 */
const target = fileURLToPath(new URL('../../docs/crm-file.schema.json', import.meta.url));
writeFileSync(target, crmFileJsonSchemaText());
process.stdout.write(`Wrote ${target}\n`);
