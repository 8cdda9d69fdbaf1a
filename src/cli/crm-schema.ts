import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run crm:schema

Regenerates docs/crm-file.schema.json from the CRM file's schema (src/crm/crm-file-schema.ts).
  -h, --help   this text
`;

/**
 * `npm run crm:schema`: regenerates docs/crm-file.schema.json from the zod schema. Run it
 * after changing src/crm/crm-file-schema.ts; a test fails while the two disagree.
 */
if (readCommandLine({ usage: USAGE, options: {} })) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { crmFileJsonSchemaText } = await import('../crm/crm-file-json-schema.js');
  const target = fileURLToPath(new URL('../../docs/crm-file.schema.json', import.meta.url));
  writeFileSync(target, crmFileJsonSchemaText());
  process.stdout.write(`Wrote ${target}\n`);
}
