import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import { decide } from '../../domain/compliance/decide.ts';
import { aggregateBlocked } from '../../domain/compliance/report.ts';
import type { Decision } from '../../domain/compliance/types.ts';
import type { Sql } from '../../ports/sql.ts';
import { getCampaign, selectCandidateRows } from '../db/repos/campaigns-repo.ts';
import { loadAccountCases } from './sql-compliance-cases.ts';

/**
 * "Why is nobody being dialled": stored accounts decided at one instant and counted per blocking rule. An
 * account is callable when any of its (open debt, phone) pairs is; otherwise it is counted under the rules
 * that block its least-blocked pair, so one account adds to a rule at most once.
 */
export async function summarizeStoredAccounts(sql: Sql, ctx: ComplianceContext, atMs: number, limit: number, campaignId?: string) {
  const rows = campaignId ? await campaignAccounts(sql, campaignId, limit) : await sql.query('SELECT account_id FROM accounts ORDER BY account_id LIMIT $1', [limit]);
  const perAccount: Pick<Decision, 'allowed' | 'blockedBy'>[] = [];
  for (const row of rows) {
    const cases = await loadAccountCases(sql, String(row['account_id']), atMs);
    const decisions = cases.map((c) => decide(c.complianceCase, atMs, ctx));
    const best = decisions.find((d) => d.allowed) ?? [...decisions].sort((a, b) => a.blockedBy.length - b.blockedBy.length)[0];
    perAccount.push(best ?? { allowed: false, blockedBy: ['phone.none'] });
  }
  return aggregateBlocked(perAccount);
}

export class CampaignNotFoundError extends Error {
  readonly code = 'CAMPAIGN_NOT_FOUND';
  readonly retryable = false;
}

/** The accounts a campaign's filter selects (the same selection the dialer uses), suppressed ones included. */
async function campaignAccounts(sql: Sql, campaignId: string, limit: number): Promise<Array<{ account_id: string }>> {
  const campaign = await getCampaign(sql, campaignId);
  if (!campaign) throw new CampaignNotFoundError(`no campaign with campaignId ${campaignId}`);
  const rows = await selectCandidateRows(sql, { campaignId, filter: campaign.filter, suppressFlags: [], maxAttempts: Number.MAX_SAFE_INTEGER, excludeAccountIds: [], limit });
  return rows.map((r) => ({ account_id: r.accountId }));
}
