import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run db:migrate

Brings the app's database (DATABASE_URL, else DATABASE_PATH) to the latest schema without
starting the server (docs/postgresql.md). Applied migrations are skipped.
  -h, --help   this text
`;

/**
 * `npm run db:migrate`: brings the app's database (DATABASE_URL, else DATABASE_PATH) to the
 * latest schema without starting the server, e.g. once before rolling out several
 * instances. The server does the same at every start; applied migrations are skipped.
 */
if (readCommandLine({ usage: USAGE, options: {} })) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { MIGRATION_NAMES } = await import('../store/migrations.js');
  const { describeDatabase } = await import('../store/open-database.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  runCrmCli(async (_db, config) => {
    process.stdout.write(
      `${describeDatabase(config.database)}: schema up to date (${MIGRATION_NAMES.at(-1) ?? 'none'})\n`,
    );
    return Promise.resolve();
  });
}
