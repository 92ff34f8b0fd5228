import { randomUUID } from 'node:crypto';
import type { SqlQueryable, SqlRow } from '../../../ports/sql.ts';
import { iso, str } from './row-values.ts';

/**
 * Campaign rows. Filter, caller ids, trunks and retry rules have their own jsonb columns; the per-bucket
 * strategy and the pacing settings live in `settings.strategy` / `settings.pacing`. Status changes are compare-and-set (`WHERE status = ANY(from)`),
 * so two operators pressing "pause" and "stop" at once cannot both win.
 */

export interface CampaignRecord {
  campaignId: string;
  name: string;
  status: string;
  scriptId: string;
  profile: string;
  pacingMode: string;
  filter: Record<string, unknown>;
  callerIds: string[];
  trunks: string[];
  retryRules: Record<string, unknown>;
  strategy: Record<string, unknown>;
  pacing: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignValues {
  readonly name: string;
  readonly scriptId: string;
  readonly profile: string;
  readonly pacingMode: string;
  readonly filter: unknown;
  readonly callerIds: readonly string[];
  readonly trunks: readonly string[];
  readonly retryRules: unknown;
  readonly strategy: unknown;
  readonly pacing: unknown;
}

function toCampaign(r: SqlRow): CampaignRecord {
  const settings = (r['settings'] as Record<string, unknown> | null) ?? {};
  return {
    campaignId: str(r['campaign_id']),
    name: str(r['name']),
    status: str(r['status']),
    scriptId: str(r['script_id']),
    profile: str(r['profile']),
    pacingMode: str(r['pacing_mode']),
    filter: r['filter'] as Record<string, unknown>,
    callerIds: r['caller_ids'] as string[],
    trunks: r['trunks'] as string[],
    retryRules: r['retry_rules'] as Record<string, unknown>,
    strategy: (settings['strategy'] as Record<string, unknown> | undefined) ?? { buckets: [] },
    pacing: (settings['pacing'] as Record<string, unknown> | undefined) ?? {},
    createdAt: iso(r['created_at']),
    updatedAt: iso(r['updated_at']),
  };
}

const params = (v: CampaignValues): unknown[] => [
  v.name,
  v.scriptId,
  v.profile,
  v.pacingMode,
  JSON.stringify(v.filter),
  JSON.stringify(v.callerIds),
  JSON.stringify(v.trunks),
  JSON.stringify(v.retryRules),
  JSON.stringify({ strategy: v.strategy, pacing: v.pacing }),
];

export async function insertCampaign(q: SqlQueryable, v: CampaignValues): Promise<CampaignRecord> {
  const [row] = await q.query(
    `INSERT INTO campaigns (campaign_id, name, script_id, profile, pacing_mode, filter, caller_ids, trunks, retry_rules, settings)
     VALUES ($10, $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
    [...params(v), randomUUID()],
  );
  if (!row) throw new Error('insert returned no row');
  return toCampaign(row);
}

/** Replaces the configuration when the status is one of `editable`; undefined when not (or no such campaign). */
export async function updateCampaignIf(
  q: SqlQueryable,
  campaignId: string,
  v: CampaignValues,
  editable: readonly string[],
): Promise<CampaignRecord | undefined> {
  const [row] = await q.query(
    `UPDATE campaigns SET name = $1, script_id = $2, profile = $3, pacing_mode = $4, filter = $5, caller_ids = $6, trunks = $7,
       retry_rules = $8, settings = settings || $9::jsonb, updated_at = now()
     WHERE campaign_id = $10 AND status = ANY($11::text[]) RETURNING *`,
    [...params(v), campaignId, [...editable]],
  );
  return row ? toCampaign(row) : undefined;
}

export async function setCampaignStatusIf(
  q: SqlQueryable,
  campaignId: string,
  from: readonly string[],
  to: string,
): Promise<CampaignRecord | undefined> {
  const [row] = await q.query(
    'UPDATE campaigns SET status = $2, updated_at = now() WHERE campaign_id = $1 AND status = ANY($3::text[]) RETURNING *',
    [campaignId, to, [...from]],
  );
  return row ? toCampaign(row) : undefined;
}

export async function getCampaign(q: SqlQueryable, campaignId: string): Promise<CampaignRecord | undefined> {
  const [row] = await q.query('SELECT * FROM campaigns WHERE campaign_id = $1', [campaignId]);
  return row ? toCampaign(row) : undefined;
}

export async function listCampaigns(
  q: SqlQueryable,
  f: { status?: string | undefined; limit: number; offset: number },
): Promise<CampaignRecord[]> {
  const rows = await q.query(
    'SELECT * FROM campaigns WHERE ($1::text IS NULL OR status = $1) ORDER BY created_at DESC, campaign_id LIMIT $2 OFFSET $3',
    [f.status ?? null, f.limit, f.offset],
  );
  return rows.map(toCampaign);
}

/** What selects a campaign's accounts, already validated by the campaign schema. */
export interface CandidateFilter {
  readonly daysPastDue?: { readonly min?: number | undefined; readonly max?: number | undefined } | undefined;
  readonly balanceMinor?:
    { readonly min?: number | undefined; readonly max?: number | undefined } | undefined;
  readonly currency?: string | undefined;
  readonly countries?: readonly string[] | undefined;
  readonly states?: readonly string[] | undefined;
  readonly provinces?: readonly string[] | undefined;
  readonly postalCodePrefixes?: readonly string[] | undefined;
  readonly languages?: readonly string[] | undefined;
  readonly flagsAll?: readonly string[] | undefined;
  readonly flagsNone?: readonly string[] | undefined;
  readonly lastOutcome?: readonly string[] | undefined;
}

/**
 * Leave out accounts whose last attempt was too recent: its disposition's delay (ms) has not passed at
 * `nowMs`, unless a callback the debtor asked for is due. Give the shortest delay that can apply (a lower
 * bound): the runner checks the exact one; this keeps accounts that are waiting out of every batch.
 */
export interface RetryLowerBound {
  readonly nowMs: number;
  readonly delayMsByDisposition: Readonly<Record<string, number>>;
  readonly defaultDelayMs: number;
}

export interface CandidateRow {
  readonly accountId: string;
  readonly maxDaysPastDue: number;
  readonly totalBalanceMinor: number;
  readonly attemptsInCampaign: number;
}

/**
 * Accounts matching a campaign's filter, best first: most days past due, then largest balance (the
 * matching debts only). Accounts flagged in `suppressFlags`, without a callable phone, or with
 * `maxAttempts` attempts in this campaign already are left out; timing (retry delays, calling windows)
 * is decided later by the runner and the compliance engine.
 */
export async function selectCandidateRows(
  q: SqlQueryable,
  o: {
    campaignId: string;
    filter: CandidateFilter;
    suppressFlags: readonly string[];
    maxAttempts: number;
    excludeAccountIds: readonly string[];
    limit: number;
    retry?: RetryLowerBound | undefined;
  },
): Promise<CandidateRow[]> {
  const f = o.filter;
  const rows = await q.query(
    `SELECT a.account_id, max(d.days_past_due)::int AS max_dpd, sum(d.balance_minor)::bigint AS total_balance,
        (SELECT count(*) FROM attempts t WHERE t.account_id = a.account_id AND t.campaign_id = $1)::int AS attempts_in_campaign
     FROM accounts a JOIN debts d ON d.account_id = a.account_id AND ${debtPredicate('d', 1)}
     WHERE ($8::text[] IS NULL OR a.country = ANY($8))
       AND ($9::text[] IS NULL OR a.state = ANY($9))
       AND ($10::text[] IS NULL OR a.province = ANY($10))
       AND ($11::text[] IS NULL OR EXISTS (SELECT 1 FROM unnest($11::text[]) AS pre WHERE a.postal_code LIKE pre || '%'))
       AND ($12::text[] IS NULL OR a.language = ANY($12))
       AND ($13::text[] IS NULL OR a.flags @> $13)
       AND NOT (a.flags && $14::text[])
       AND NOT (a.account_id = ANY($15::text[]))
       AND EXISTS (SELECT 1 FROM phones p WHERE p.account_id = a.account_id AND p.status = 'ok')
       AND ($16::text[] IS NULL OR COALESCE(
             (SELECT t.disposition FROM attempts t WHERE t.account_id = a.account_id AND t.status = 'ended'
              ORDER BY t.ended_at DESC NULLS LAST, t.created_at DESC LIMIT 1), 'never_called') = ANY($16))
       AND ($19::jsonb IS NULL
            OR COALESCE((SELECT t.created_at + make_interval(secs => CASE WHEN t.disposition IS NULL THEN 0
                                     ELSE COALESCE(($19::jsonb ->> t.disposition)::double precision, $20::double precision) END / 1000)
                           FROM attempts t WHERE t.account_id = a.account_id ORDER BY t.created_at DESC LIMIT 1), '-infinity'::timestamptz) <= $21::timestamptz
            OR EXISTS (SELECT 1 FROM callbacks cb WHERE cb.account_id = a.account_id AND cb.status = 'pending' AND cb.due_at <= $21::timestamptz))
     GROUP BY a.account_id
     HAVING (SELECT count(*) FROM attempts t WHERE t.account_id = a.account_id AND t.campaign_id = $1) < $17
     ORDER BY max_dpd DESC, total_balance DESC, a.account_id
     LIMIT $18`,
    [
      o.campaignId,
      ...debtParams(f),
      nullable(f.countries),
      nullable(f.states),
      nullable(f.provinces),
      nullable(f.postalCodePrefixes),
      nullable(f.languages),
      nullable(f.flagsAll),
      [...o.suppressFlags, ...(f.flagsNone ?? [])],
      [...o.excludeAccountIds],
      nullable(f.lastOutcome),
      o.maxAttempts,
      o.limit,
      o.retry ? JSON.stringify(o.retry.delayMsByDisposition) : null,
      o.retry?.defaultDelayMs ?? 0,
      new Date(o.retry?.nowMs ?? 0),
    ],
  );
  return rows.map((r) => ({
    accountId: str(r['account_id']),
    maxDaysPastDue: Number(r['max_dpd']),
    totalBalanceMinor: Number(r['total_balance']),
    attemptsInCampaign: Number(r['attempts_in_campaign']),
  }));
}

/** Parameters of `debtPredicate`, in order. */
export function debtParams(f: CandidateFilter): unknown[] {
  return [
    f.daysPastDue?.min ?? null,
    f.daysPastDue?.max ?? null,
    f.balanceMinor?.min ?? null,
    f.balanceMinor?.max ?? null,
    f.currency ?? null,
    'open',
  ];
}

/**
 * The debts a campaign works: open, inside the days-past-due and balance ranges, in its currency. Uses
 * parameters $(offset+1)…$(offset+6), filled by `debtParams`.
 */
export function debtPredicate(alias: string, offset: number): string {
  const d = alias;
  const p = (n: number): string => `$${offset + n}`;
  return `${d}.status = ${p(6)} AND (${p(1)}::int IS NULL OR ${d}.days_past_due >= ${p(1)}) AND (${p(2)}::int IS NULL OR ${d}.days_past_due <= ${p(2)})
    AND (${p(3)}::bigint IS NULL OR ${d}.balance_minor >= ${p(3)}) AND (${p(4)}::bigint IS NULL OR ${d}.balance_minor <= ${p(4)})
    AND (${p(5)}::text IS NULL OR ${d}.currency = ${p(5)})`;
}

const nullable = (v: readonly string[] | undefined): string[] | null => (v && v.length > 0 ? [...v] : null);
