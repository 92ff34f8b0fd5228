import type { SqlQueryable, SqlRow } from '../../../ports/sql.ts';
import { iso, num, str } from './row-values.ts';

/** One summary row per import run; per-row errors (row number, field, reason — never the value) as jsonb. */

export interface ImportRowError {
  readonly row: number;
  readonly field?: string | undefined;
  readonly reason: string;
}

export interface ImportSummary {
  importId: string;
  source: string;
  createdAt: string;
  rowsTotal: number;
  rowsOk: number;
  rowsFailed: number;
  errors: ImportRowError[];
}

export async function insertImport(
  q: SqlQueryable,
  s: Omit<ImportSummary, 'createdAt'>,
): Promise<ImportSummary> {
  const [row] = await q.query(
    `INSERT INTO imports (import_id, source, rows_total, rows_ok, rows_failed, errors) VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING import_id, source, created_at, rows_total, rows_ok, rows_failed, errors`,
    [s.importId, s.source, s.rowsTotal, s.rowsOk, s.rowsFailed, JSON.stringify(s.errors)],
  );
  if (!row) throw new Error('insert returned no row');
  return toImport(row);
}

function toImport(r: SqlRow): ImportSummary {
  return {
    importId: str(r['import_id']),
    source: str(r['source']),
    createdAt: iso(r['created_at']),
    rowsTotal: num(r['rows_total']),
    rowsOk: num(r['rows_ok']),
    rowsFailed: num(r['rows_failed']),
    errors: (r['errors'] as ImportRowError[] | null) ?? [],
  };
}

export async function getImport(q: SqlQueryable, importId: string): Promise<ImportSummary | undefined> {
  const [row] = await q.query('SELECT * FROM imports WHERE import_id = $1', [importId]);
  return row ? toImport(row) : undefined;
}

export async function listImports(q: SqlQueryable, limit: number, offset: number): Promise<ImportSummary[]> {
  const rows = await q.query('SELECT * FROM imports ORDER BY created_at DESC, import_id LIMIT $1 OFFSET $2', [
    limit,
    offset,
  ]);
  return rows.map(toImport);
}
