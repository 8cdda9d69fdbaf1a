import { readCommandLine } from '../lib/command-line.js';

const USAGE = `Usage: npm run ranking:rebuild

Recomputes the employee ranking of the app's database (DATABASE_PATH or DATABASE_URL) from its event log with the RANKING_FILE
settings (docs/employee-ranking.md). The server may keep running meanwhile.
  -h, --help   this text
`;

/**
 * `npm run ranking:rebuild`: recomputes the employee ranking of the app's database (DATABASE_PATH or DATABASE_URL) from its
 * event log with the current RANKING_FILE settings (docs/employee-ranking.md). Run it after
 * changing weights or lifetimes, or nightly. The server may keep running: calls read the
 * old ranking until the rebuild commits, and events posted meanwhile wait for it.
 */
if (readCommandLine({ usage: USAGE, options: {} })) {
  // Loaded once the command line is read: --help and usage errors answer at once.
  const { rebuildRanking } = await import('../crm/ranking/rebuild-ranking.js');
  const { runCrmCli } = await import('./crm-cli-run.js');
  const { describeDatabase } = await import('../store/open-database.js');
  runCrmCli(async (db, config) => {
    const r = await rebuildRanking(db, config.ranking);
    const skipped =
      r.skippedEvents > 0
        ? ` (${r.skippedEvents} events of types not in the ranking settings left out)`
        : '';
    process.stdout.write(
      `Rebuilt the ranking of ${describeDatabase(config.database)}: ${r.events} events, ${r.clients} clients, ` +
        `${r.aggregates} aggregates in ${(r.ms / 1000).toFixed(1)} s${skipped}\n`,
    );
  });
}
