import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Sql } from '../../ports/sql.ts';

const migrationsDir = join(import.meta.dirname, 'migrations');

export interface Migration {
  readonly version: string;
  readonly sql: string;
}

/** Migrations are plain SQL files `NNNN_name.sql`, applied in name order, each in its own transaction. */
export function listMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Brings the schema up to date. Safe with several dialer processes starting at once: an advisory lock
 * (supported by PostgreSQL and PGlite alike) serialises them, and each migration is recorded in the same
 * transaction that applies it, so a crash leaves it either fully applied or not at all.
 */
export async function migrate(sql: Sql, migrations: readonly Migration[] = listMigrations()): Promise<string[]> {
  await sql.query('CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(727172)');
      const rows = await tx.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (rows.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** Splits a migration on `;` at line ends (extended-protocol queries take one statement each). */
export function splitStatements(text: string): string[] {
  return text
    .split(/;\s*$/m)
    .map((s) => s.replace(/^\s*--.*$/gm, '').trim())
    .filter((s) => s !== '');
}
