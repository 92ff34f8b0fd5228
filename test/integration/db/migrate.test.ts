import { afterAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate, splitStatements } from '../../../src/adapters/db/migrate.ts';
import { dropTestSchemas, sqlBackends } from '../../helpers/sql-backends.ts';

afterAll(dropTestSchemas);

describe.each(sqlBackends)('store on $name', (backend) => {
  it('applies every migration once; a second run applies nothing', async () => {
    const sql = await backend.open();
    try {
      const versions = (await sql.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version);
      expect(versions).toEqual(listMigrations().map((m) => m.version));
      expect(await migrate(sql)).toEqual([]);
    } finally {
      await sql.close();
    }
  });

  it('rolls back a failed transaction completely: nothing half-written', async () => {
    const sql = await backend.open();
    try {
      await sql.query("INSERT INTO accounts (account_id, external_id, first_name) VALUES ('a1', 'x1', 'Ann')");
      await expect(
        sql.transaction(async (tx) => {
          await tx.query("UPDATE accounts SET first_name = 'Changed' WHERE account_id = 'a1'");
          await tx.query("INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ('d1', 'a1', 'x', -5, 'USD')");
        }),
      ).rejects.toThrow(/check constraint|balance_minor/);
      const rows = await sql.query<{ first_name: string }>("SELECT first_name FROM accounts WHERE account_id = 'a1'");
      expect(rows[0]?.first_name).toBe('Ann');
    } finally {
      await sql.close();
    }
  });

  it('returns the same value shapes on both backends (bigint as string, jsonb as object, arrays)', async () => {
    const sql = await backend.open();
    try {
      await sql.query("INSERT INTO accounts (account_id, external_id, first_name, flags, blocked_windows) VALUES ('a1', 'x1', 'Ann', $1, $2)", [
        ['cease'],
        JSON.stringify([{ days: ['mon'], start: '09:00', end: '17:00' }]),
      ]);
      await sql.query("INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ('d1', 'a1', 'x', 123456789012, 'USD')");
      const [row] = await sql.query<{ balance_minor: unknown; flags: unknown; blocked_windows: unknown; n: unknown }>(
        "SELECT d.balance_minor, a.flags, a.blocked_windows, count(*) OVER ()::int AS n FROM debts d JOIN accounts a USING (account_id)",
      );
      expect(row).toEqual({ balance_minor: '123456789012', flags: ['cease'], blocked_windows: [{ days: ['mon'], start: '09:00', end: '17:00' }], n: 1 });
    } finally {
      await sql.close();
    }
  });
});

describe('migration files', () => {
  it('split into statements without losing any', () => {
    const statements = splitStatements('-- c\nCREATE TABLE a (x int);\n\nCREATE INDEX i ON a (x);\n');
    expect(statements).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX i ON a (x)']);
  });
});
