import type Database from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type TransactionSettings,
} from 'kysely';

/** What SQLite says when another connection (or process) holds the lock we need. */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY']);

/** True for an error that only means "locked by someone else now: try again later". */
export function isSqliteBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (BUSY_CODES.has(code) || code === 'SQLITE_LOCKED');
}

export interface NonBlockingSqliteOptions {
  /** The connection writes and transactions go through (one at a time). */
  writer: SqliteDatabase;
  /**
   * A second connection to the same file for plain SELECTs: WAL lets it read while the
   * writer waits for a lock. Null for an in-memory database (a second handle would be
   * another database): everything then goes through the writer.
   */
  reader: SqliteDatabase | null;
  /**
   * How long one write or BEGIN keeps retrying a locked database, asynchronously, before
   * it fails with SQLITE_BUSY, ms.
   */
  lockWaitMs: number;
  /** Runs before the handles close (the background checkpoint stops). */
  beforeClose?: () => Promise<void>;
}

/**
 * A Kysely dialect for better-sqlite3 that never waits for a lock on the event loop.
 * better-sqlite3 is synchronous: with SQLite's own busy timeout, a file another process
 * holds a write lock on stops every call in this process for as long as the timeout. Here
 * the connections run with busy_timeout 0, so a locked database answers SQLITE_BUSY at once,
 * and the write (or the transaction's BEGIN IMMEDIATE) is tried again after a short pause
 * that leaves the event loop free (1 ms, doubling up to 50 ms, until `lockWaitMs`). Reads
 * go to a second connection, so a lookup does not queue behind a write that is waiting.
 * The longest the event loop is held is one statement's own run time.
 */
export function nonBlockingSqliteDialect(options: NonBlockingSqliteOptions): Dialect {
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new NonBlockingSqliteDriver(options),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}

/** Sets the pragmas both handles need for the non-blocking driver. */
export function configureHandle(database: Database.Database): void {
  // Fail at once on a lock: the driver retries without holding the event loop.
  database.pragma('busy_timeout = 0');
}

class NonBlockingSqliteDriver implements Driver {
  private readonly locks = { writer: new FifoLock(), reader: new FifoLock() };

  constructor(private readonly options: NonBlockingSqliteOptions) {}

  async init(): Promise<void> {}

  acquireConnection(): Promise<DatabaseConnection> {
    return Promise.resolve(new Connection(this.options, this.locks));
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    await (connection as Connection).begin(settings.accessMode === 'read only');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Connection).finish('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Connection).finish('rollback');
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    (connection as Connection).release();
    return Promise.resolve();
  }

  async destroy(): Promise<void> {
    await this.options.beforeClose?.();
    this.options.reader?.close();
    this.options.writer.close();
  }
}

/**
 * One logical connection, as Kysely sees it: a transaction holds the writer from BEGIN to
 * COMMIT/ROLLBACK; outside one, each statement takes the writer (writes) or the reader
 * (SELECTs) for just its own run.
 */
class Connection implements DatabaseConnection {
  /** The handle this connection's open transaction runs on, or null outside one. */
  private transaction: { handle: SqliteDatabase; lock: FifoLock } | null = null;

  constructor(
    private readonly options: NonBlockingSqliteOptions,
    private readonly locks: { writer: FifoLock; reader: FifoLock },
  ) {}

  /**
   * Opens a transaction. A read-only one (the call-time lookup's consistent snapshot) runs
   * on the reader with a deferred BEGIN: it takes no write lock, so it is not held up by
   * one. Any other takes the writer with BEGIN IMMEDIATE, which asks for the write lock
   * now: a lock held elsewhere shows here, where it can be waited for, never half-way.
   */
  async begin(readOnly: boolean): Promise<void> {
    const { reader, writer } = this.options;
    const onReader = readOnly && reader !== null;
    const handle = onReader ? reader : writer;
    const lock = onReader ? this.locks.reader : this.locks.writer;
    await lock.acquire();
    try {
      await retryWhileBusy(this.options.lockWaitMs, () =>
        run(handle, CompiledQuery.raw(onReader ? 'begin' : 'begin immediate')),
      );
      this.transaction = { handle, lock };
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  async finish(command: 'commit' | 'rollback'): Promise<void> {
    const open = this.transaction;
    if (!open) return;
    try {
      await retryWhileBusy(this.options.lockWaitMs, () =>
        run(open.handle, CompiledQuery.raw(command)),
      );
    } finally {
      this.transaction = null;
      open.lock.release();
    }
  }

  release(): void {
    // A transaction Kysely gave up on without COMMIT/ROLLBACK (it never does) must not
    // keep its handle forever.
    const open = this.transaction;
    if (!open) return;
    this.transaction = null;
    try {
      run(open.handle, CompiledQuery.raw('rollback'));
    } catch {
      // Nothing was open after all.
    }
    open.lock.release();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.transaction) return run<R>(this.transaction.handle, query);
    const { reader } = this.options;
    if (reader && SelectQueryNode.is(query.query)) {
      return retryWhileBusy(this.options.lockWaitMs, () => run<R>(reader, query));
    }
    await this.locks.writer.acquire();
    try {
      return await retryWhileBusy(this.options.lockWaitMs, () =>
        run<R>(this.options.writer, query),
      );
    } finally {
      this.locks.writer.release();
    }
  }

  streamQuery<R>(query: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(query.query)) {
      throw new Error('the SQLite driver streams SELECT queries only');
    }
    const handle = this.transaction?.handle ?? this.options.reader ?? this.options.writer;
    const rows = handle.prepare(query.sql).iterate(query.parameters);
    return (async function* () {
      for (const row of rows) yield await Promise.resolve({ rows: [row as R] });
    })();
  }
}

/** Runs one statement (synchronously: better-sqlite3), as Kysely's SQLite driver does. */
function run<R>(database: SqliteDatabase, query: CompiledQuery): QueryResult<R> {
  const statement = database.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}

/**
 * Runs `work` until it does not fail with SQLITE_BUSY, pausing between tries without
 * blocking; after `waitMs` the last SQLITE_BUSY is thrown.
 */
async function retryWhileBusy<T>(waitMs: number, work: () => T): Promise<T> {
  const deadline = Date.now() + waitMs;
  let pause = 1;
  for (;;) {
    try {
      return work();
    } catch (err) {
      if (!isSqliteBusy(err) || Date.now() + pause > deadline) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 50);
  }
}

/** A mutex that hands the writer to waiters in arrival order. */
class FifoLock {
  private held = false;
  private readonly waiters: Array<() => void> = [];

  acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }
}
