import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import { decide } from '../../domain/compliance/decide.ts';
import { aggregateBlocked } from '../../domain/compliance/report.ts';
import type { Decision } from '../../domain/compliance/types.ts';
import type { Sql } from '../../ports/sql.ts';
import { loadAccountCases } from './sql-compliance-cases.ts';

/**
 * "Why is nobody being dialled": stored accounts decided at one instant and counted per blocking rule. An
 * account is callable when any of its (open debt, phone) pairs is; otherwise it is counted under the rules
 * that block its least-blocked pair, so one account adds to a rule at most once.
 */
export async function summarizeStoredAccounts(sql: Sql, ctx: ComplianceContext, atMs: number, limit: number) {
  const rows = await sql.query('SELECT account_id FROM accounts ORDER BY account_id LIMIT $1', [limit]);
  const perAccount: Pick<Decision, 'allowed' | 'blockedBy'>[] = [];
  for (const row of rows) {
    const cases = await loadAccountCases(sql, String(row['account_id']), atMs);
    const decisions = cases.map((c) => decide(c.complianceCase, atMs, ctx));
    const best = decisions.find((d) => d.allowed) ?? [...decisions].sort((a, b) => a.blockedBy.length - b.blockedBy.length)[0];
    perAccount.push(best ?? { allowed: false, blockedBy: ['phone.none'] });
  }
  return aggregateBlocked(perAccount);
}
