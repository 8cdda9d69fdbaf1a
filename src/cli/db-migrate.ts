import { MIGRATION_NAMES } from '../store/migrations.js';
import { describeDatabase } from '../store/open-database.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run db:migrate`: brings the app's database (DATABASE_URL, else DATABASE_PATH) to the
 * latest schema without starting the server, e.g. once before rolling out several
 * instances. The server does the same at every start; applied migrations are skipped.
 */
runCrmCli(async (_db, config) => {
  process.stdout.write(
    `${describeDatabase(config.database)}: schema up to date (${MIGRATION_NAMES.at(-1) ?? 'none'})\n`,
  );
  return Promise.resolve();
});
