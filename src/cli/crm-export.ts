import { writeFileSync } from 'node:fs';
import { exportCrmFile } from '../crm/export-crm-file.js';
import { describeDatabase } from '../store/open-database.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run crm:export -- [out.json]`: writes every customer as a CRM file
 * (docs/crm-file.md), to the file or to stdout. The summary goes to stderr so that
 * `npm run -s crm:export > out.json` stays valid JSON.
 */
runCrmCli(async (db, config) => {
  const out = process.argv[2];
  const file = await exportCrmFile(db);
  const json = `${JSON.stringify(file, null, 2)}\n`;
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
  process.stderr.write(
    `Exported ${file.customers.length} customers from ${describeDatabase(config.database)}${out ? ` to ${out}` : ''}\n`,
  );
});
