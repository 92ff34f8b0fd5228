import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { openSql } from '../../adapters/db/open-sql.ts';
import { loadConfig } from '../../config/load-config.ts';
import { ValidationError } from '../../services/accounts/service-errors.ts';
import { importCsv, type ImportResult } from '../../services/imports/import-accounts.ts';

/**
 * `recollect import FILE.csv`: loads accounts into the configured store (docs/imports.md for the columns).
 * Exit codes: 0 every row stored, 2 some rows refused (listed), 1 the file itself was refused.
 */

function describe(result: ImportResult, maxErrors: number): string {
  const lines = [
    `import ${result.importId}: ${result.rowsTotal} rows, ${result.rowsOk} stored (${result.created} new accounts, ${result.updated} updates), ${result.rowsFailed} refused`,
  ];
  for (const e of result.errors.slice(0, maxErrors))
    lines.push(`  row ${e.row}${e.field ? ` ${e.field}` : ''}: ${e.reason}`);
  if (result.errors.length > maxErrors)
    lines.push(`  … ${result.errors.length - maxErrors} more (recollect import --json for all)`);
  return `${lines.join('\n')}\n`;
}

export function registerImportCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('import')
    .description(
      'import accounts from a CSV file (columns: docs/imports.md); re-importing updates by external id',
    )
    .argument('<file>', 'CSV file with a header row')
    .option('--source <name>', 'name recorded in the import summary (default: the file name)')
    .option('--json', 'print the whole summary as JSON')
    .action(async (file: string, opts: { source?: string; json?: boolean }) => {
      const config = loadConfig();
      const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const result = await importCsv(sql, readFileSync(file, 'utf8'), opts.source ?? basename(file));
        process.stdout.write(opts.json ? `${JSON.stringify(result)}\n` : describe(result, 20));
        setExit(result.rowsFailed > 0 ? 2 : 0);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        process.stderr.write(`recollect import: ${file} refused: ${err.message}\n`);
        setExit(1);
      } finally {
        await sql.close();
      }
    });
}
