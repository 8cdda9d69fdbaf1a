import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';

/**
 * A parameter's stand-in while the query is compiled: a string no caller sends. The
 * compiled parameters holding one are filled from the call's values, in order; every other
 * parameter (a constant of the query, such as a list of closed statuses) is kept.
 */
const SLOT = '\u0000slot:';

/** What a query's builder gets for each named parameter: its stand-in. */
export type Slots<P> = { readonly [K in keyof P]: P[K] };

type AnyDb = Pick<Kysely<never>, 'getExecutor' | 'executeQuery'>;

/**
 * A query built with Kysely once and compiled once per database dialect, then run with new
 * parameter values through `executeQuery`: the SQL text is the one Kysely wrote for that
 * dialect (SQLite or PostgreSQL), so the query stays dialect-neutral, and a webhook pays
 * neither the query building nor the compiling (together more than running an indexed
 * SQLite select). The builder must use each parameter as a bound value (`where(col, '=',
 * p.x)`, `values({ col: p.x })`), never in SQL text or in a list.
 *
 * @example
 *   const byPhone = compiledQuery((db: Kysely<AppDatabase>, p: Slots<{ e164: string }>) =>
 *     db.selectFrom('customer_phones').selectAll().where('e164', '=', p.e164));
 *   const rows = await byPhone.rows(trx, { e164: '+77011234567' });
 */
export function compiledQuery<Db, P extends Record<string, unknown>, R>(
  build: (db: Db, slots: Slots<P>) => Compilable<R>,
) {
  // Per dialect adapter: a Kysely, its transactions and its plugin-less copies share it.
  const kept = new WeakMap<object, { query: CompiledQuery<R>; names: Array<keyof P | null> }>();

  const compileFor = (db: Db & AnyDb) => {
    const adapter = db.getExecutor().adapter;
    let entry = kept.get(adapter);
    if (!entry) {
      const slots = new Proxy({} as Slots<P>, {
        get: (_target, name) => `${SLOT}${String(name)}`,
      });
      const query = build(db, slots).compile();
      const names = query.parameters.map((value) =>
        typeof value === 'string' && value.startsWith(SLOT)
          ? (value.slice(SLOT.length) as keyof P)
          : null,
      );
      entry = { query, names };
      kept.set(adapter, entry);
    }
    return entry;
  };

  const run = (db: Db, params: P): Promise<QueryResult<R>> => {
    const executor = (db as Db & AnyDb).getExecutor();
    // A plugin may rewrite each query it is shown (tests count them): with one, the query is
    // built with the values and compiled every time, as Kysely does.
    if (executor.plugins.length > 0) {
      return (db as Db & AnyDb).executeQuery<R>(build(db, params));
    }
    const { query, names } = compileFor(db as Db & AnyDb);
    // An absent value is bound as NULL, as Kysely would bind a null.
    const parameters = names.map((name, i) =>
      name === null ? query.parameters[i] : (params[name] ?? null),
    );
    return (db as Db & AnyDb).executeQuery<R>({ ...query, parameters });
  };

  return {
    /** Every row. */
    rows: async (db: Db, params: P): Promise<R[]> => (await run(db, params)).rows,
    /** The first row, or undefined. */
    first: async (db: Db, params: P): Promise<R | undefined> => (await run(db, params)).rows[0],
    /** Rows changed (insert, update, delete). */
    changed: async (db: Db, params: P): Promise<number> => {
      const result = await run(db, params);
      return Number(result.numAffectedRows ?? 0);
    },
  };
}
