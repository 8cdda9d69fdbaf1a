import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the background thread copies the write-ahead log into the database, ms. */
const DEFAULT_INTERVAL_MS = 250;

/*
 * The worker's code: its own connection to the file, a PASSIVE checkpoint (never waits for
 * readers or writers; copies what it can) every `intervalMs`, a last one when asked to stop.
 * Plain CommonJS evaluated in the worker, so it runs the same under tsx and from dist/.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
// Waiting for a lock here holds up nobody: this thread does nothing else.
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: err && err.message ? err.message : String(err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export interface BackgroundCheckpoint {
  /** Stops the thread after a last checkpoint; resolves when it has exited. */
  stop(): Promise<void>;
}

/**
 * Copies the SQLite write-ahead log of `path` into the database from a worker thread,
 * instead of inside a commit on the event loop. SQLite's automatic checkpoint runs in the
 * commit that crosses 1,000 pages of log: that commit copies them and waits for the disk,
 * and since better-sqlite3 is synchronous every call on the server waited with it (the
 * largest event-loop stalls of the webhook benchmark, docs/performance.md). The writer
 * must have `wal_autocheckpoint = 0`; `onFailure` is told when the thread stops on its own
 * (the writer should then checkpoint again itself).
 */
export function startBackgroundCheckpoint(
  path: string,
  options: { intervalMs?: number; onFailure: (reason: string) => void },
): BackgroundCheckpoint {
  const worker = new Worker(WORKER_CODE, {
    eval: true,
    workerData: {
      path,
      intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS,
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
    },
  });
  // Never what keeps the process alive: closing the database stops it.
  worker.unref();
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  worker.on('message', (message: { error?: string }) => {
    // A checkpoint that failed once (a lock held too long) is tried again next time.
    if (message.error && !stopping) options.onFailure(`checkpoint failed: ${message.error}`);
  });
  worker.on('error', (err) => {
    if (!stopping) options.onFailure(err.message);
  });
  worker.once('exit', (code) => {
    if (!stopping) options.onFailure(`checkpoint thread exited (${code})`);
  });
  return {
    stop: async () => {
      if (stopping) return exited;
      stopping = true;
      // An unreferenced thread does not keep the process alive, and neither does awaiting
      // its exit: a command whose last work is closing the database would end right here,
      // before what follows the close (the doctor's remaining checks and its summary).
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
