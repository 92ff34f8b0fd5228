import pg from 'pg';
import { StoreUnavailableError, type Sql, type SqlQueryable, type SqlRow } from '../../ports/sql.ts';

// Keep bigint (int8) and numeric as strings, like PGlite does, so both adapters return the same shapes.
const types = {
  getTypeParser: (oid: number, format?: string) => {
    if (oid === 20 || oid === 1700) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text') as (v: string) => unknown;
  },
};

function isConnectionError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03', '08006', '08001', '08003'].includes(code);
}

function wrap(err: unknown): never {
  if (isConnectionError(err)) throw new StoreUnavailableError(`PostgreSQL unavailable: ${(err as Error).message}`);
  throw err;
}

/** A real PostgreSQL server. `schema`, when given, becomes the search_path (tests isolate by schema). */
export function openPostgresSql(url: string, options: { schema?: string; max?: number } = {}): Sql {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    connectionTimeoutMillis: 5_000, // fail fast so "store down" becomes "do not dial", not a hung dialer
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  // An idle client erroring (server restart) must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const query = async <R extends SqlRow>(text: string, params?: readonly unknown[]): Promise<readonly R[]> => {
    try {
      return (await pool.query<R>(text, params ? [...params] : undefined)).rows;
    } catch (err) {
      return wrap(err);
    }
  };
  return {
    kind: 'postgres',
    query,
    transaction: async <T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T> => {
      const client = await pool.connect().catch(wrap);
      try {
        await client.query('BEGIN');
        const tx: SqlQueryable = {
          query: async <R extends SqlRow>(text: string, params?: readonly unknown[]) =>
            (await client.query<R>(text, params ? [...params] : undefined)).rows,
        };
        const result = await fn(tx);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        return wrap(err);
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
