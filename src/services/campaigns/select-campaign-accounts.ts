import type { Sql } from '../../ports/sql.ts';
import {
  debtColumns,
  phoneColumns,
  toDebt,
  toPhone,
  type DebtView,
  type PhoneView,
} from '../../adapters/db/repos/accounts-repo.ts';
import {
  debtParams,
  debtPredicate,
  selectCandidateRows,
  type CampaignRecord,
} from '../../adapters/db/repos/campaigns-repo.ts';
import { optStr, str } from '../../adapters/db/repos/row-values.ts';
import { campaignFilterSchema, retryRulesSchema } from './campaign-schema.ts';

/**
 * Flags that take an account out of every campaign at once (the compliance engine blocks them too; leaving
 * them out here saves a reservation and a decision per dial).
 */
export const SUPPRESSION_FLAGS = [
  'cease',
  'attorney',
  'bankruptcy',
  'dispute',
  'deceased',
  'do_not_call',
] as const;

export interface CampaignCandidate {
  readonly accountId: string;
  readonly accountExternalId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly language: string;
  readonly country: string;
  readonly state: string | null;
  readonly province: string | null;
  readonly postalCode: string | null;
  readonly timeZone: string | null;
  readonly flags: readonly string[];
  readonly blockedWindows: readonly unknown[];
  /** The debts that matched the campaign filter, most overdue first. */
  readonly debts: readonly DebtView[];
  /** Callable phones (status ok), highest priority first. */
  readonly phones: readonly PhoneView[];
  readonly maxDaysPastDue: number;
  readonly totalBalanceMinor: number;
  readonly attemptsInCampaign: number;
}

export interface SelectOptions {
  /** Accounts already in flight or reserved by the caller. */
  readonly excludeAccountIds?: readonly string[];
}

/**
 * The dialer's work list for a campaign: candidate accounts with their matching debts and callable phones,
 * ordered by days past due (desc) then balance (desc). Read-only; the caller reserves before dialling.
 */
export async function selectCampaignAccounts(
  sql: Sql,
  campaign: Pick<CampaignRecord, 'campaignId' | 'filter' | 'retryRules'>,
  limit: number,
  options: SelectOptions = {},
): Promise<CampaignCandidate[]> {
  const filter = campaignFilterSchema.parse(campaign.filter);
  const rules = retryRulesSchema.parse(campaign.retryRules);
  const rows = await selectCandidateRows(sql, {
    campaignId: campaign.campaignId,
    filter,
    suppressFlags: SUPPRESSION_FLAGS,
    maxAttempts: rules.maxAttemptsPerAccount,
    excludeAccountIds: options.excludeAccountIds ?? [],
    limit,
  });
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.accountId);
  const accounts = await sql.query(
    `SELECT account_id, external_id, first_name, last_name, language, country, state, province, postal_code, time_zone, flags, blocked_windows
     FROM accounts WHERE account_id = ANY($1::text[])`,
    [ids],
  );
  const debts = await sql.query(
    `SELECT ${debtColumns} FROM debts d WHERE d.account_id = ANY($1::text[]) AND ${debtPredicate('d', 1)} ORDER BY d.days_past_due DESC, d.balance_minor DESC`,
    [ids, ...debtParams(filter)],
  );
  const phones = await sql.query(
    `SELECT ${phoneColumns} FROM phones WHERE account_id = ANY($1::text[]) AND status = 'ok' ORDER BY priority DESC, created_at, phone_id`,
    [ids],
  );
  const byId = new Map(accounts.map((a) => [str(a['account_id']), a]));
  return rows.flatMap((r) => {
    const a = byId.get(r.accountId);
    if (!a) return [];
    return [
      {
        accountId: r.accountId,
        accountExternalId: str(a['external_id']),
        firstName: str(a['first_name']),
        lastName: str(a['last_name']),
        language: str(a['language']),
        country: str(a['country']),
        state: optStr(a['state']),
        province: optStr(a['province']),
        postalCode: optStr(a['postal_code']),
        timeZone: optStr(a['time_zone']),
        flags: (a['flags'] as string[] | null) ?? [],
        blockedWindows: (a['blocked_windows'] as unknown[] | null) ?? [],
        debts: debts.filter((d) => d['account_id'] === r.accountId).map(toDebt),
        phones: phones.filter((p) => p['account_id'] === r.accountId).map(toPhone),
        maxDaysPastDue: r.maxDaysPastDue,
        totalBalanceMinor: r.totalBalanceMinor,
        attemptsInCampaign: r.attemptsInCampaign,
      },
    ];
  });
}
