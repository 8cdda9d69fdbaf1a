import { importCrmFile, readCrmFile } from '../crm/import-crm-file.js';
import { CrmImportError } from '../errors/crm-import-error.js';
import { describeDatabase } from '../store/open-database.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run crm:import -- customers.json`: creates or updates the file's customers in the
 * configured CRM (docs/crm-file.md). Prints counts only: the file is personal data.
 */
runCrmCli(async (db, config) => {
  const file = process.argv[2];
  if (!file) {
    throw new CrmImportError('Which file? Usage: npm run crm:import -- <file.json>', [], {
      hint: 'The format is described in docs/crm-file.md.',
    });
  }
  const result = await importCrmFile(db, readCrmFile(file), {
    defaultRegion: config.defaultRegion,
    ranking: config.ranking,
  });
  const extra = [
    result.employees !== undefined ? `, ${result.employees} employees` : '',
    result.events !== undefined ? `, ${result.events} events` : '',
  ].join('');
  process.stdout.write(
    `Imported ${result.customers} customers with ${result.phones} phone numbers${extra} into ${describeDatabase(config.database)}\n`,
  );
});
