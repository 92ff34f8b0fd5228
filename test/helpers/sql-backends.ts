import { randomBytes } from 'node:crypto';
import { openPgliteSql } from '../../src/adapters/db/pglite-sql.ts';
import { openPostgresSql } from '../../src/adapters/db/postgres-sql.ts';
import { migrate } from '../../src/adapters/db/migrate.ts';
import type { Sql } from '../../src/ports/sql.ts';

/** The machine's PostgreSQL (CI starts it); override with RECOLLECT_TEST_DATABASE_URL. */
export const testDatabaseUrl = process.env['RECOLLECT_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
export const testRedisUrl = process.env['RECOLLECT_TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

export interface SqlBackend {
  readonly name: 'pglite' | 'postgres';
  /** A fresh, migrated, isolated database (PGlite in memory, or a new schema on the real server). */
  open(): Promise<Sql>;
}

const created: Array<{ admin: Sql; schema: string }> = [];

export const sqlBackends: readonly SqlBackend[] = [
  {
    name: 'pglite',
    open: async () => {
      const sql = await openPgliteSql();
      await migrate(sql);
      return sql;
    },
  },
  {
    name: 'postgres',
    open: async () => {
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const admin = openPostgresSql(testDatabaseUrl, { max: 1 });
      await admin.query(`CREATE SCHEMA ${schema}`);
      created.push({ admin, schema });
      const sql = openPostgresSql(testDatabaseUrl, { schema });
      await migrate(sql);
      return sql;
    },
  },
];

/** Drops the schemas made by `open()`; call in afterAll. */
export async function dropTestSchemas(): Promise<void> {
  for (const { admin, schema } of created.splice(0)) {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.close();
  }
}
