/**
 * A separate process claiming tasks from a shared database (a SQLite path, or a database
 * target as JSON), for the atomicity test:
 * prints `ready`, waits for a line on stdin, claims one task at a time until none is left,
 * then prints the ids it got as JSON and exits.
 */
import { once } from 'node:events';
import type { DatabaseTarget } from '../../src/config/config.js';
import { openDatabase } from '../../src/store/open-database.js';
import { SqlTaskStore } from '../../src/tasks/sql-task-store.js';

const [path, now] = process.argv.slice(2);
if (!path || !now) throw new Error('usage: claim-worker <database> <now>');
const target: DatabaseTarget = path.startsWith('{')
  ? (JSON.parse(path) as DatabaseTarget)
  : { kind: 'sqlite', path };
const db = openDatabase(target);
const store = new SqlTaskStore(db);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
const ids: string[] = [];
for (;;) {
  const claimed = await store.claimDue(now, 1);
  if (claimed.length === 0) break;
  ids.push(...claimed.map((t) => t.id));
}
await db.destroy();
process.stdout.write(`${JSON.stringify(ids)}\n`);
process.exit(0);
