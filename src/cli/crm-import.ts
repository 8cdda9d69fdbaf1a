import { importCrmFileStream } from '../crm/stream-import-crm-file.js';
import { CrmImportError } from '../errors/crm-import-error.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run crm:import -- customers.json` (or `.jsonl`): creates or updates the file's
 * customers in the configured CRM (docs/crm-file.md). Prints counts only: the file is personal data.
 */
runCrmCli(async (db, config) => {
  const file = process.argv[2];
  if (!file) {
    throw new CrmImportError(
      'Which file? Usage: npm run crm:import -- <file.json or file.jsonl>',
      [],
      {
        hint: 'The format is described in docs/crm-file.md.',
      },
    );
  }
  // Read as a stream: a file of a million customers fits in a small server's memory.
  const result = await importCrmFileStream(db, file, {
    defaultRegion: config.defaultRegion,
    ranking: config.ranking,
  });
  const extra = [
    result.employees !== undefined ? `, ${result.employees} employees` : '',
    result.events !== undefined ? `, ${result.events} events` : '',
  ].join('');
  process.stdout.write(
    `Imported ${result.customers} customers with ${result.phones} phone numbers${extra} into ${config.databasePath}\n`,
  );
});
