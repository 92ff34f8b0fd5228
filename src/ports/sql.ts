/**
 * The relational store as the rest of the product sees it. Two adapters implement it with the same
 * migrations and queries: PGlite (embedded default, data in a folder) and node-postgres (a real server).
 * Parameters are positional ($1, $2, …). Rows come back as plain objects; bigint/numeric columns come back
 * as strings on both adapters (cast in SQL, e.g. `count(*)::int`, where a number is wanted).
 */
export interface SqlRow {
  readonly [column: string]: unknown;
}

export interface SqlQueryable {
  query<R extends SqlRow = SqlRow>(text: string, params?: readonly unknown[]): Promise<readonly R[]>;
}

export interface Sql extends SqlQueryable {
  /** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on throw). Nested calls are not supported. */
  transaction<T>(fn: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** 'pglite' or 'postgres': for logs and test names only, never for branching queries. */
  readonly kind: 'pglite' | 'postgres';
}

export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  readonly retryable = true;
}
