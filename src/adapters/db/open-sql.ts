import { join } from 'node:path';
import type { Sql } from '../../ports/sql.ts';
import { migrate } from './migrate.ts';
import { openPgliteSql } from './pglite-sql.ts';
import { openPostgresSql } from './postgres-sql.ts';

/** The store for a configuration: a real server when a URL is set, else PGlite in `<dataDir>/pg`. Migrated. */
export async function openSql(opts: { databaseUrl: string | undefined; dataDir: string; inMemory?: boolean }): Promise<Sql> {
  const sql = opts.databaseUrl
    ? openPostgresSql(opts.databaseUrl)
    : await openPgliteSql(opts.inMemory ? undefined : join(opts.dataDir, 'pg'));
  await migrate(sql);
  return sql;
}
