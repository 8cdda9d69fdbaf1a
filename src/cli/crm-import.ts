import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run crm:import -- <file.json or file.jsonl>

Creates or updates the file's customers (and employees, events) in the embedded CRM (DATABASE_PATH or DATABASE_URL).
The format is described in docs/crm-file.md; npm run crm:export writes one.
  -h, --help   this text
`;

/**
 * `npm run crm:import -- customers.json` (or `.jsonl`): creates or updates the file's
 * customers in the configured CRM (docs/crm-file.md). Prints counts only: the file is personal data.
 */
const args = readCommandLine({
  usage: USAGE,
  options: {},
  positionals: { names: ['<file.json or file.jsonl>'], required: 1 },
});
if (args) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { importCrmFileStream } = await import('../crm/stream-import-crm-file.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  const { describeDatabase } = await import('../store/open-database.js');
  runCrmCli(async (db, config) => {
    // Read as a stream: a file of a million customers fits in a small server's memory.
    const result = await importCrmFileStream(db, args.positionals[0]!, {
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
}
