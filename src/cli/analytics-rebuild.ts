import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run analytics:rebuild

Empties the analytics rollups and adds every settled call of the call log again
(docs/analytics.md): after changing COMPANY_TIME_ZONE, or to fill them from calls logged
before the rollups existed. The server keeps them current on its own as calls settle.
  -h, --help   this text
`;

/**
 * `npm run analytics:rebuild`: rebuilds `analytics_daily` and `analytics_edges` from the
 * call log of the configured database (DATABASE_URL, else DATABASE_PATH).
 */
if (readCommandLine({ usage: USAGE, options: {} })) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { SqlAnalyticsRollup } = await import('../analytics/sql-analytics-rollup.js');
  const { describeDatabase } = await import('../store/open-database.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  runCrmCli(async (db, config) => {
    const calls = await new SqlAnalyticsRollup(db, config.companyTimeZone).rebuild();
    process.stdout.write(
      `${describeDatabase(config.database)}: analytics rebuilt from ${calls} settled inbound calls (days in ${config.companyTimeZone})\n`,
    );
  });
}
