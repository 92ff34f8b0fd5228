import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { buildComplianceContext, readDncFile } from '../../adapters/compliance/compliance-context.ts';
import { AccountNotFoundError, StoredRecordUnreadableError, loadAccountCases } from '../../adapters/compliance/sql-compliance-cases.ts';
import { openSql } from '../../adapters/db/open-sql.ts';
import { summarizeStoredAccounts } from '../../adapters/compliance/account-summary.ts';
import { loadConfig } from '../../config/load-config.ts';
import { decide, type ComplianceContext } from '../../domain/compliance/decide.ts';
import { parseCaseLine } from '../../domain/compliance/parse-case.ts';
import { aggregateBlocked, aggregateSentence, decisionLine, explainDecision } from '../../domain/compliance/report.ts';
import type { Decision } from '../../domain/compliance/types.ts';

/**
 * `recollect compliance check`: the what-if batch (JSON lines in, one JSON line out per case, same order) and
 * `recollect compliance profiles`: the rules as data. `recollect explain`: one decision in words.
 */

interface CheckOptions {
  input: string;
  json?: boolean;
  dnc?: string;
  summary?: boolean;
}

function contextFor(dncFile: string | undefined): ComplianceContext {
  const config = loadConfig();
  return buildComplianceContext({ cnWindowEndMinute: config.raw.RECOLLECT_COMPLIANCE_CN_WINDOW_END_MINUTE, dncPatterns: dncFile ? readDncFile(dncFile) : [] });
}

/** Decides one input line; the wall clock is read here, at the boundary, only for cases without "at". */
export function checkLine(line: string, ctx: ComplianceContext, wallNowMs: number): { out: string; decision?: Decision } {
  const parsed = parseCaseLine(line);
  if (!parsed.ok) return { out: JSON.stringify({ id: parsed.caseId, error: parsed.error }) };
  const { caseId, atMs, complianceCase } = parsed.value;
  try {
    const decision = decide(complianceCase, atMs ?? wallNowMs, ctx);
    return { out: JSON.stringify(decisionLine(caseId, decision)), decision };
  } catch (err) {
    // One bad case must not end the batch; it gets an error line like malformed input does.
    return { out: JSON.stringify({ id: caseId ?? null, error: `could not decide: ${err instanceof Error ? err.message : String(err)}` }) };
  }
}

async function runCheck(opts: CheckOptions): Promise<number> {
  const ctx = contextFor(opts.dnc);
  const input = opts.input === '-' ? process.stdin : createReadStream(opts.input, 'utf8');
  const lines = createInterface({ input, crlfDelay: Infinity });
  const decisions: Decision[] = [];
  let buffer: string[] = [];
  let errors = 0;
  const startedMs = performance.now();
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const { out, decision } = checkLine(line, ctx, Date.now());
    if (decision) decisions.push(decision);
    else errors++;
    buffer.push(out);
    if (buffer.length >= 500) {
      process.stdout.write(`${buffer.join('\n')}\n`);
      buffer = [];
    }
  }
  if (buffer.length > 0) process.stdout.write(`${buffer.join('\n')}\n`);
  if (opts.summary) {
    const elapsedMs = performance.now() - startedMs;
    const rate = Math.round((decisions.length + errors) / Math.max(elapsedMs / 1000, 1e-9));
    process.stderr.write(`${aggregateSentence(aggregateBlocked(decisions))}; ${errors} malformed; ${rate} cases/s\n`);
  }
  return 0;
}

export function registerComplianceCommand(program: Command, setExit: (code: number) => void): void {
  const compliance = program.command('compliance').description('compliance engine: what-if checks and the rules as data');
  compliance
    .command('check')
    .description('decide JSON-lines cases (one per line) and write one JSON line per case, same order')
    .option('--input <file>', 'input file, or - for stdin', '-')
    .option('--json', 'JSON-lines output (the default and only format)')
    .option('--dnc <file>', 'internal do-not-call list: one number or pattern per line (+1208*, +1208555XXXX)')
    .option('--summary', 'print "N callable; blocked: …" per rule and the rate to stderr')
    .action(async (opts: CheckOptions) => {
      setExit(await runCheck(opts));
    });
  compliance
    .command('profiles')
    .description('print the compliance profiles (rules, ids, sources) as JSON')
    .action(() => {
      process.stdout.write(`${JSON.stringify(contextFor(undefined).profiles, null, 2)}\n`);
      setExit(0);
    });
  compliance
    .command('summary')
    .description('stored accounts decided now (or --at), counted per blocking rule: "412 us.window, 88 regf.7in7, …"')
    .option('--at <iso>', 'instant to decide at (default: now)')
    .option('--limit <n>', 'at most this many accounts', '100000')
    .option('--campaign <campaignId>', "only the accounts this campaign's filter selects")
    .action(async (opts: { at?: string; limit: string; campaign?: string }) => {
      setExit(await runSummary(opts, contextFor(undefined)));
    });
  program
    .command('explain')
    .description('print, in words, whether an account may be called now (or --at) and why')
    .option('--account <accountId>', 'account to explain (needs the database)')
    .option('--case <file>', 'explain the first case of a JSON-lines file instead of a stored account')
    .option('--at <iso>', 'instant to decide at (default: now)')
    .option('--dnc <file>', 'internal do-not-call list file')
    .action(async (opts: { account?: string; case?: string; at?: string; dnc?: string }) => {
      setExit(await runExplain(opts, contextFor(opts.dnc)));
    });
}

async function runExplain(opts: { account?: string; case?: string; at?: string }, ctx: ComplianceContext): Promise<number> {
  const atMs = opts.at === undefined ? Date.now() : Date.parse(opts.at);
  if (Number.isNaN(atMs)) {
    process.stderr.write(`recollect explain: --at "${opts.at ?? ''}" is not an ISO instant\n`);
    return 2;
  }
  if (opts.account !== undefined) return explainStoredAccount(opts.account, atMs, ctx);
  if (opts.case === undefined) {
    process.stderr.write('recollect explain: give --account ID (from the database) or --case FILE (a JSON-lines case)\n');
    return 2;
  }
  const lines = createInterface({ input: createReadStream(opts.case, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const parsed = parseCaseLine(line);
    if (!parsed.ok) {
      process.stderr.write(`recollect explain: ${parsed.error}\n`);
      return 2;
    }
    const at = opts.at === undefined ? (parsed.value.atMs ?? atMs) : atMs;
    const decision = decide(parsed.value.complianceCase, at, ctx);
    const acct = parsed.value.complianceCase.account;
    process.stdout.write(`${explainDecision({ accountId: acct.accountId, debtId: acct.debtId, atMs: at }, decision).join('\n')}\n`);
    return 0;
  }
  process.stderr.write('recollect explain: the case file is empty\n');
  return 2;
}

async function runSummary(opts: { at?: string; limit: string; campaign?: string }, ctx: ComplianceContext): Promise<number> {
  const atMs = opts.at === undefined ? Date.now() : Date.parse(opts.at);
  const limit = Number(opts.limit);
  if (Number.isNaN(atMs) || !Number.isInteger(limit) || limit < 1) {
    process.stderr.write('recollect compliance summary: --at must be an ISO instant and --limit a positive integer\n');
    return 2;
  }
  const config = loadConfig();
  const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    process.stdout.write(`${aggregateSentence(await summarizeStoredAccounts(sql, ctx, atMs, limit, opts.campaign))}\n`);
    return 0;
  } finally {
    await sql.close();
  }
}

/** One section per open debt and phone of a stored account, from the system of record. */
async function explainStoredAccount(accountId: string, atMs: number, ctx: ComplianceContext): Promise<number> {
  const config = loadConfig();
  const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const cases = await loadAccountCases(sql, accountId, atMs);
    if (cases.length === 0) {
      process.stdout.write(`Account ${accountId} has no phone numbers on record: nothing can be dialled.\n`);
      return 0;
    }
    const sections = cases.map((sc) => {
      const head = `— ${sc.numberE164}${sc.debtId ? `, debt ${sc.debtId}` : ''}`;
      const words = explainDecision({ accountId, debtId: sc.debtId, atMs }, decide(sc.complianceCase, atMs, ctx));
      return [head, ...words].join('\n');
    });
    process.stdout.write(`${sections.join('\n\n')}\n`);
    return 0;
  } catch (err) {
    if (err instanceof AccountNotFoundError || err instanceof StoredRecordUnreadableError) {
      process.stderr.write(`recollect explain: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    await sql.close();
  }
}
