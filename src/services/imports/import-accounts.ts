import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { Sql } from '../../ports/sql.ts';
import { upsertAccountGraph, type AccountRecord } from '../../adapters/db/repos/accounts-repo.ts';
import {
  insertImport,
  type ImportRowError,
  type ImportSummary,
} from '../../adapters/db/repos/imports-repo.ts';
import { prepareAccount } from '../accounts/accounts-service.ts';
import { ValidationError } from '../accounts/service-errors.ts';
import { headerProblems, mapCsvRow } from './csv-columns.ts';

/**
 * Imports: every row is validated on its own and stored atomically (its own savepoint), so a bad row is reported
 * (row number, column, reason — never the cell's value, which may be PII) and stores nothing, while the
 * good rows around it are kept. Re-importing the same file updates the same accounts (keyed by external
 * ids) instead of duplicating them. One summary row in `imports` records the run.
 */

export interface ImportResult extends ImportSummary {
  created: number;
  updated: number;
}

interface PendingRow {
  readonly row: number;
  readonly input: unknown;
  readonly problems: ImportRowError[];
  readonly columnOf?: (path: string) => string;
}

/** Rows per transaction. Each row still has its own savepoint; the chunk only saves commits (fsyncs). */
const ROWS_PER_TRANSACTION = 200;

/** Validates one row; its errors, or the record to store. */
function checkRow(r: PendingRow): { errors: ImportRowError[]; record?: AccountRecord } {
  const prepared = r.input === undefined ? undefined : prepareAccount(r.input);
  // Cell problems (a malformed amount) come first; validation adds problems in the other fields only.
  const reported = new Set(r.problems.map((p) => p.field));
  const more =
    prepared && !prepared.ok
      ? prepared.problems.map((p) => ({
          row: r.row,
          field: r.columnOf ? r.columnOf(p.field) : p.field,
          reason: p.message,
        }))
      : [];
  const errors = [...r.problems, ...more.filter((p) => !reported.has(p.field))];
  return errors.length > 0 || !prepared?.ok ? { errors } : { errors, record: prepared.record };
}

/**
 * Stores valid rows, many per transaction, each under its own savepoint: a row the database refuses (a
 * constraint we did not foresee) is rolled back alone and reported, the others in the chunk commit. If a
 * commit itself fails (store down) the error propagates: earlier chunks are stored, and re-running the
 * import is safe because it is idempotent.
 */
async function storeChunk(
  sql: Sql,
  chunk: ReadonlyArray<{ row: number; record: AccountRecord }>,
  errors: ImportRowError[],
): Promise<{ created: number; updated: number }> {
  return sql.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const { row, record } of chunk) {
      await tx.query('SAVEPOINT import_row');
      try {
        const result = await upsertAccountGraph(tx, record);
        await tx.query('RELEASE SAVEPOINT import_row');
        if (result.created) created++;
        else updated++;
      } catch (err) {
        await tx.query('ROLLBACK TO SAVEPOINT import_row');
        const code = (err as { code?: unknown }).code;
        errors.push({
          row,
          reason: `could not be stored (database error${typeof code === 'string' ? ` ${code}` : ''})`,
        });
      }
    }
    return { created, updated };
  });
}

async function storeRows(sql: Sql, source: string, rows: readonly PendingRow[]): Promise<ImportResult> {
  const errors: ImportRowError[] = [];
  const valid: Array<{ row: number; record: AccountRecord }> = [];
  for (const r of rows) {
    const checked = checkRow(r);
    errors.push(...checked.errors);
    if (checked.record) valid.push({ row: r.row, record: checked.record });
  }
  let created = 0;
  let updated = 0;
  for (let i = 0; i < valid.length; i += ROWS_PER_TRANSACTION) {
    const chunkErrors: ImportRowError[] = [];
    const counts = await storeChunk(sql, valid.slice(i, i + ROWS_PER_TRANSACTION), chunkErrors);
    created += counts.created;
    updated += counts.updated;
    errors.push(...chunkErrors);
  }
  errors.sort((x, y) => x.row - y.row);
  const failedRows = new Set(errors.map((e) => e.row)).size;
  const summary = await insertImport(sql, {
    importId: randomUUID(),
    source,
    rowsTotal: rows.length,
    rowsOk: rows.length - failedRows,
    rowsFailed: failedRows,
    errors,
  });
  return { ...summary, created, updated };
}

/** Parses CSV text (header row first) and imports it. A broken file or header is refused whole (400). */
export async function importCsv(sql: Sql, csvText: string, source = 'csv'): Promise<ImportResult> {
  let records: string[][];
  try {
    records = parse(csvText, { bom: true, relax_column_count: true, skip_empty_lines: true });
  } catch (err) {
    throw new ValidationError([{ field: 'csv', message: `is not readable CSV: ${(err as Error).message}` }]);
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  if (records.length === 0)
    throw new ValidationError([{ field: 'csv', message: 'is empty: expected a header row' }]);
  const bad = headerProblems(header);
  if (bad.length > 0) throw new ValidationError(bad.map((message) => ({ field: 'csv header', message })));
  const rows = records.slice(1).map((cells, i): PendingRow => {
    const row = i + 2; // spreadsheet numbering: the header is row 1
    if (cells.length !== header.length) {
      return {
        row,
        input: undefined,
        problems: [{ row, reason: `has ${cells.length} fields, the header has ${header.length}` }],
      };
    }
    const mapped = mapCsvRow(Object.fromEntries(header.map((h, c) => [h, cells[c] ?? ''])));
    return {
      row,
      input: mapped.input,
      problems: mapped.problems.map((p) => ({ row, field: p.field, reason: p.message })),
      columnOf: mapped.columnOf,
    };
  });
  return storeRows(sql, source, rows);
}

/** Imports accounts sent as JSON; `row` in errors is the 1-based position in `accounts`. */
export async function importJson(
  sql: Sql,
  accounts: readonly unknown[],
  source = 'api',
): Promise<ImportResult> {
  return storeRows(
    sql,
    source,
    accounts.map((input, i) => ({ row: i + 1, input, problems: [] })),
  );
}
