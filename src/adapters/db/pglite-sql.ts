import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { Sql, SqlQueryable, SqlRow } from '../../ports/sql.ts';

/**
 * Embedded PostgreSQL (WASM) for the demo and single-machine use. PGlite is one connection, so a
 * transaction must not interleave with other queries: calls are serialised through a promise chain, and
 * `transaction` holds the chain for its whole duration.
 */
export async function openPgliteSql(dataDir?: string): Promise<Sql> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // bigint (int8) and numeric stay strings, as the pg adapter returns them: same shapes on both backends.
  const parsers = { 20: (v: string) => v, 1700: (v: string) => v };
  const db = dataDir ? await PGlite.create(dataDir, { parsers }) : await PGlite.create({ parsers });
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = chain.then(fn, fn);
    chain = next.catch(() => undefined);
    return next;
  };
  const run = async <R extends SqlRow>(text: string, params?: readonly unknown[]): Promise<readonly R[]> => {
    const result = await db.query<R>(text, params ? [...params] : undefined);
    return result.rows;
  };
  return {
    kind: 'pglite',
    query: (text, params) => serial(() => run(text, params)),
    transaction: <T>(fn: (tx: SqlQueryable) => Promise<T>) =>
      serial(() =>
        db.transaction<T>(async (tx) =>
          fn({
            query: async <R extends SqlRow>(text: string, params?: readonly unknown[]) =>
              (await tx.query<R>(text, params ? [...params] : undefined)).rows,
          }),
        ),
      ),
    close: async () => {
      await chain;
      await db.close();
    },
  };
}
