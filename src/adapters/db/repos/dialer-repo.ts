import type { Sql } from '../../../ports/sql.ts';
import { selectCandidateRows, type CandidateFilter, type RetryLowerBound } from './campaigns-repo.ts';

export type { CandidateFilter };

/** One dialable (account, debt, phone) as the campaign runner sees it. */
export interface DialCandidate {
  readonly accountId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly language: 'en' | 'zh';
  readonly country: string;
  readonly state: string | undefined;
  readonly province: string | undefined;
  readonly postalCode: string | undefined;
  readonly timeZone: string | undefined;
  readonly flags: readonly string[];
  readonly blockedWindows: readonly unknown[];
  readonly dateOfBirth: string | undefined;
  readonly ssnLast4: string | undefined;
  readonly debtId: string;
  readonly debtIds: readonly string[];
  readonly balanceMinor: number;
  readonly currency: string;
  readonly dueDate: string | undefined;
  readonly daysPastDue: number;
  readonly creditor: string;
  readonly phoneId: string;
  readonly numberE164: string;
  readonly phoneType: 'mobile' | 'landline' | 'unknown';
  readonly consent: boolean;
  readonly lastAttemptAtMs: number | undefined;
  readonly lastDisposition: string | undefined;
  readonly campaignAttempts: number;
  /** Earliest pending callback the debtor asked for, if any. */
  readonly callbackDueAtMs: number | undefined;
}

type Row = {
  account_id: string; first_name: string; last_name: string; language: 'en' | 'zh'; country: string; state: string | null;
  province: string | null; postal_code: string | null; time_zone: string | null; flags: string[]; blocked_windows: unknown[];
  dob: string | null; ssn_last4: string | null; debt_id: string; debt_ids: string[]; balance_minor: string; currency: string;
  due_date: string | null; days_past_due: number; creditor: string; phone_id: string; number_e164: string;
  phone_type: 'mobile' | 'landline' | 'unknown'; consent: boolean; last_attempt_at: Date | string | null; last_disposition: string | null;
  campaign_attempts: number;
  callback_due_at: Date | string | null;
};

/**
 * Accounts a campaign may try next: which accounts and in what order is the campaign filter's business
 * (`selectCandidateRows`, shared with the API); this adds what a dial needs. An account with a call in
 * progress (an open attempt, on any dialer) is never offered: that is what keeps two dialer processes, or a
 * restarted one, from dialling the same person twice at once. The phone chosen is the least-tried good
 * number of the person (alternate numbers get their turn).
 */
export async function selectDialCandidates(
  sql: Sql,
  campaignId: string,
  filter: CandidateFilter,
  opts: { readonly exclude: readonly string[]; readonly limit: number; readonly maxAttempts: number; readonly retry?: RetryLowerBound },
): Promise<DialCandidate[]> {
  const picked = await selectCandidateRows(sql, { campaignId, filter, suppressFlags: [], maxAttempts: opts.maxAttempts, excludeAccountIds: opts.exclude, limit: opts.limit, retry: opts.retry });
  if (picked.length === 0) return [];
  const order = new Map(picked.map((r, i) => [r.accountId, i]));
  const rows = await sql.query<Row>(
    `SELECT a.account_id, a.first_name, a.last_name, a.language, a.country, a.state, a.province, a.postal_code, a.time_zone,
            a.flags, a.blocked_windows, a.date_of_birth::text AS dob, a.ssn_last4,
            d.debt_id, d.debt_ids, d.balance_minor, d.currency, d.due_date::text AS due_date, d.days_past_due, d.creditor,
            p.phone_id, p.number_e164, p.phone_type, p.consent,
            la.created_at AS last_attempt_at, la.disposition AS last_disposition,
            (SELECT count(*) FROM attempts x WHERE x.account_id = a.account_id AND x.campaign_id = $1)::int AS campaign_attempts,
            (SELECT min(cb.due_at) FROM callbacks cb WHERE cb.account_id = a.account_id AND cb.status = 'pending') AS callback_due_at
       FROM accounts a
       JOIN LATERAL (SELECT d1.*, (SELECT array_agg(d2.debt_id ORDER BY d2.debt_id) FROM debts d2 WHERE d2.account_id = a.account_id AND d2.status = 'open') AS debt_ids
                       FROM debts d1 WHERE d1.account_id = a.account_id AND d1.status = 'open'
                      ORDER BY d1.days_past_due DESC, d1.balance_minor DESC LIMIT 1) d ON true
       JOIN LATERAL (SELECT p1.* FROM phones p1 WHERE p1.account_id = a.account_id AND p1.status = 'ok'
                      ORDER BY (SELECT count(*) FROM attempts x WHERE x.phone_id = p1.phone_id), p1.priority LIMIT 1) p ON true
       LEFT JOIN LATERAL (SELECT x.created_at, x.disposition, x.status FROM attempts x WHERE x.account_id = a.account_id
                          ORDER BY x.created_at DESC LIMIT 1) la ON true
      WHERE (la.status IS NULL OR la.status = 'ended') AND a.account_id = ANY($2::text[])`,
    [campaignId, [...order.keys()]],
  );
  return [...rows].sort((x, y) => (order.get(x.account_id) ?? 0) - (order.get(y.account_id) ?? 0)).map((r) => ({
    accountId: r.account_id, firstName: r.first_name, lastName: r.last_name, language: r.language, country: r.country,
    state: r.state ?? undefined, province: r.province ?? undefined, postalCode: r.postal_code ?? undefined, timeZone: r.time_zone ?? undefined,
    flags: r.flags, blockedWindows: r.blocked_windows, dateOfBirth: r.dob ?? undefined, ssnLast4: r.ssn_last4 ?? undefined,
    debtId: r.debt_id, debtIds: r.debt_ids, balanceMinor: Number(r.balance_minor), currency: r.currency, dueDate: r.due_date ?? undefined,
    daysPastDue: r.days_past_due, creditor: r.creditor, phoneId: r.phone_id, numberE164: r.number_e164, phoneType: r.phone_type,
    consent: r.consent, lastAttemptAtMs: r.last_attempt_at ? new Date(r.last_attempt_at).getTime() : undefined,
    lastDisposition: r.last_disposition ?? undefined, campaignAttempts: r.campaign_attempts,
    callbackDueAtMs: r.callback_due_at ? new Date(r.callback_due_at).getTime() : undefined,
  }));
}

/** Contact history the frequency caps count, for one account, since `sinceMs`. */
/**
 * The campaign's live answers and abandons of the last 30 days, per hour of answer, from the durable record
 * (every dialer's, earlier days', before a restart): what the pacer's 30-day window starts from. Machines
 * are not live answers (pacing.md); open attempts are left to reconciliation.
 */
export async function loadPacingHistory(sql: Sql, campaignId: string, nowMs: number): Promise<Array<{ atMs: number; liveAnswers: number; abandoned: number }>> {
  const rows = await sql.query<{ hour: Date | string; live: number; abandoned: number }>(
    `SELECT date_trunc('hour', answered_at) AS hour, count(*)::int AS live, (count(*) FILTER (WHERE disposition = 'abandoned'))::int AS abandoned
       FROM attempts
      WHERE campaign_id = $1 AND status = 'ended' AND answered_at IS NOT NULL AND coalesce(amd_result, 'human') <> 'machine'
        AND answered_at > $2 AND answered_at <= $3
      GROUP BY 1 ORDER BY 1`,
    [campaignId, new Date(nowMs - 30 * 86_400_000), new Date(nowMs)],
  );
  return rows.map((r) => ({ atMs: new Date(r.hour).getTime(), liveAnswers: r.live, abandoned: r.abandoned }));
}

/** The debtor's requested callbacks that a dial now serves are done. */
export async function markCallbacksDone(sql: Sql, accountId: string, upToMs: number): Promise<void> {
  await sql.query(`UPDATE callbacks SET status = 'done' WHERE account_id = $1 AND status = 'pending' AND due_at <= $2`, [accountId, new Date(upToMs)]);
}
