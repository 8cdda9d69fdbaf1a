import { rebuildRanking } from '../crm/ranking/rebuild-ranking.js';
import { describeDatabase } from '../store/open-database.js';
import { runCrmCli } from './crm-cli-run.js';

/**
 * `npm run ranking:rebuild`: recomputes the employee ranking of DATABASE_PATH from its
 * event log with the current RANKING_FILE settings (docs/employee-ranking.md). Run it after
 * changing weights or lifetimes, or nightly. The server may keep running: calls read the
 * old ranking until the rebuild commits, and events posted meanwhile wait for it.
 */
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
