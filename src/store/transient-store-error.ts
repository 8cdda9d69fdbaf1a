import { isSqliteBusy } from './non-blocking-sqlite.js';

/** SQLite result codes of a store that is unavailable for now, not of a wrong write. */
const SQLITE_TRANSIENT = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;

/** Node's socket errors: the PostgreSQL server is unreachable or went away. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATE classes of an unavailable server: 08 connection exceptions, 53
 * insufficient resources, 57P0x shutdown or crash, 40001/40P01 serialization failure or
 * deadlock (the transaction may simply be run again).
 */
function isPostgresTransient(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code.startsWith('57P0') ||
    code === '40001' ||
    code === '40P01'
  );
}

/**
 * True when a store error means "not now" (a lock held elsewhere, a server that is down or
 * unreachable), so the same write may succeed later; false for a write the store refuses
 * as such (a constraint, a missing table, a bug).
 */
export function isTransientStoreError(err: unknown): boolean {
  if (isSqliteBusy(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    if (SQLITE_TRANSIENT.test(code) || NETWORK_CODES.has(code)) return true;
    if (/^[0-9A-Z]{5}$/.test(code) && isPostgresTransient(code)) return true;
  }
  const text = err instanceof Error ? err.message : '';
  // pg's own words when the pool cannot reach the server or the connection drops.
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    text,
  );
}
