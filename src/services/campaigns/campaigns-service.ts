import { RIGHT_PARTY_DISPOSITIONS, type Disposition } from '../../domain/dispositions/dispositions.ts';
import type { Sql } from '../../ports/sql.ts';
import {
  getCampaign as getCampaignRow,
  insertCampaign,
  listCampaigns as listCampaignRows,
  setCampaignStatusIf,
  updateCampaignIf,
  type CampaignRecord,
} from '../../adapters/db/repos/campaigns-repo.ts';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  problemsFromZod,
} from '../accounts/service-errors.ts';
import { editableStatuses, transitionFor, type CampaignAction } from './campaign-lifecycle.ts';
import { campaignCreateSchema, campaignUpdateSchema, type CampaignInput } from './campaign-schema.ts';

export interface CampaignServiceOptions {
  /** Trunk names the configuration knows (RECOLLECT_TRUNKS); a campaign naming another is refused. */
  readonly knownTrunks?: readonly string[] | undefined;
}

function validate(input: unknown, opts: CampaignServiceOptions): CampaignInput {
  const parsed = campaignCreateSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  const known = opts.knownTrunks;
  if (known) {
    const problems = parsed.data.trunks.flatMap((t, i) =>
      known.includes(t)
        ? []
        : [{ field: `trunks.${i}`, message: `is not a configured trunk (known: ${known.join(', ')})` }],
    );
    if (problems.length > 0) throw new ValidationError(problems);
  }
  return parsed.data;
}

export async function createCampaign(
  sql: Sql,
  input: unknown,
  opts: CampaignServiceOptions = {},
): Promise<CampaignRecord> {
  return insertCampaign(sql, validate(input, opts));
}

export async function getCampaign(sql: Sql, campaignId: string): Promise<CampaignRecord> {
  const c = await getCampaignRow(sql, campaignId);
  if (!c) throw new NotFoundError(`no campaign ${campaignId}`);
  return c;
}

export async function listCampaigns(
  sql: Sql,
  f: { status?: string | undefined; limit?: number | undefined; offset?: number | undefined },
): Promise<CampaignRecord[]> {
  return listCampaignRows(sql, { status: f.status, limit: f.limit ?? 50, offset: f.offset ?? 0 });
}

/** A partial update merged over the stored campaign and validated whole (a patch cannot break an invariant). */
export async function updateCampaign(
  sql: Sql,
  campaignId: string,
  input: unknown,
  opts: CampaignServiceOptions = {},
): Promise<CampaignRecord> {
  const patch = campaignUpdateSchema.safeParse(input);
  if (!patch.success) throw new ValidationError(problemsFromZod(patch.error.issues));
  const current = await getCampaign(sql, campaignId);
  const notEditable = (status: string) =>
    new ConflictError(
      'CAMPAIGN_NOT_EDITABLE',
      `campaign is ${status}: only draft or paused campaigns can be edited (pause it first)`,
    );
  if (!editableStatuses.includes(current.status as never)) throw notEditable(current.status);
  const merged = validate({ ...stored(current), ...(input as Record<string, unknown>) }, opts);
  const updated = await updateCampaignIf(sql, campaignId, merged, editableStatuses);
  if (!updated) throw notEditable((await getCampaign(sql, campaignId)).status); // started by someone else meanwhile
  return updated;
}

function stored(c: CampaignRecord): Record<string, unknown> {
  return {
    name: c.name,
    scriptId: c.scriptId,
    profile: c.profile,
    pacingMode: c.pacingMode,
    filter: c.filter,
    callerIds: c.callerIds,
    trunks: c.trunks,
    retryRules: c.retryRules,
    strategy: c.strategy,
    pacing: c.pacing,
  };
}

/** start / pause / resume / stop; an action not allowed from the current status is a 409, not a no-op. */
export async function changeCampaignStatus(
  sql: Sql,
  campaignId: string,
  action: CampaignAction,
): Promise<CampaignRecord> {
  const t = transitionFor(action);
  const changed = await setCampaignStatusIf(sql, campaignId, t.from, t.to);
  if (changed) return changed;
  const current = await getCampaign(sql, campaignId);
  throw new ConflictError(
    'CAMPAIGN_TRANSITION_INVALID',
    `cannot ${action} a ${current.status} campaign (allowed from: ${t.from.join(', ')})`,
  );
}

export interface CampaignStats {
  campaignId: string;
  status: string;
  attempts: { total: number; inProgress: number; answered: number };
  byDisposition: Record<string, number>;
  promises: { count: number; amountMinorByCurrency: Record<string, number> };
  /** Right-party contacts and the answer rate (answered ÷ ended attempts). */
  contacts: { rightParty: number; answerRate: number };
  /**
   * Abandoned ÷ live (human) answers on rolling windows ending at the latest of the database clock and the
   * last ended attempt (so lab runs on a simulated clock read sensibly). Definitions: docs/pacing.md.
   */
  abandonment: Record<'h1' | 'h24' | 'd30', { liveAnswers: number; abandoned: number; rate: number }>;
  /** Whatever the running dialer reports (lines in use, dial rate, abandonment…); null when not running here. */
  live: unknown;
}

/** Counts from the durable record (attempts, promises); live figures come from the injected dialer view. */
export async function campaignStats(
  sql: Sql,
  campaignId: string,
  live?: (campaignId: string) => unknown,
): Promise<CampaignStats> {
  const c = await getCampaign(sql, campaignId);
  const [totals] = await sql.query<{ total: number; in_progress: number; answered: number }>(
    `SELECT count(*)::int AS total, (count(*) FILTER (WHERE status <> 'ended'))::int AS in_progress,
       (count(*) FILTER (WHERE answered_at IS NOT NULL))::int AS answered FROM attempts WHERE campaign_id = $1`,
    [campaignId],
  );
  const dispositions = await sql.query<{ disposition: string; n: number }>(
    "SELECT COALESCE(disposition, 'open') AS disposition, count(*)::int AS n FROM attempts WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1",
    [campaignId],
  );
  const promises = await sql.query<{ currency: string; n: number; amount: string }>(
    `SELECT p.currency, count(*)::int AS n, sum(p.amount_minor)::bigint AS amount FROM promises p JOIN attempts t ON t.attempt_id = p.attempt_id
     WHERE t.campaign_id = $1 GROUP BY p.currency ORDER BY p.currency`,
    [campaignId],
  );
  const [w] = await sql.query<Record<string, number>>(
    `WITH ref AS (SELECT greatest(now(), (SELECT max(ended_at) FROM attempts WHERE campaign_id = $1)) AS t),
          live AS (SELECT ended_at, disposition FROM attempts, ref
                   WHERE campaign_id = $1 AND status = 'ended' AND answered_at IS NOT NULL AND coalesce(amd_result, 'human') <> 'machine'
                     AND ended_at > ref.t - interval '30 days')
     SELECT
       (count(*) FILTER (WHERE ended_at > (SELECT t FROM ref) - interval '1 hour'))::int AS l1,
       (count(*) FILTER (WHERE ended_at > (SELECT t FROM ref) - interval '1 hour' AND disposition = 'abandoned'))::int AS a1,
       (count(*) FILTER (WHERE ended_at > (SELECT t FROM ref) - interval '24 hours'))::int AS l24,
       (count(*) FILTER (WHERE ended_at > (SELECT t FROM ref) - interval '24 hours' AND disposition = 'abandoned'))::int AS a24,
       count(*)::int AS l30,
       (count(*) FILTER (WHERE disposition = 'abandoned'))::int AS a30
     FROM live`,
    [campaignId],
  );
  const window = (live: number, abandoned: number) => ({ liveAnswers: live, abandoned, rate: live > 0 ? abandoned / live : 0 });
  const ended = dispositions.filter((d) => d.disposition !== 'open').reduce((n, d) => n + d.n, 0);
  const rightParty = dispositions.filter((d) => RIGHT_PARTY_DISPOSITIONS.has(d.disposition as Disposition)).reduce((n, d) => n + d.n, 0);
  return {
    campaignId,
    status: c.status,
    contacts: { rightParty, answerRate: ended > 0 ? (totals?.answered ?? 0) / ended : 0 },
    abandonment: {
      h1: window(w?.['l1'] ?? 0, w?.['a1'] ?? 0),
      h24: window(w?.['l24'] ?? 0, w?.['a24'] ?? 0),
      d30: window(w?.['l30'] ?? 0, w?.['a30'] ?? 0),
    },
    attempts: {
      total: totals?.total ?? 0,
      inProgress: totals?.in_progress ?? 0,
      answered: totals?.answered ?? 0,
    },
    byDisposition: Object.fromEntries(dispositions.map((d) => [d.disposition, d.n])),
    promises: {
      count: promises.reduce((s, p) => s + p.n, 0),
      amountMinorByCurrency: Object.fromEntries(promises.map((p) => [p.currency, Number(p.amount)])),
    },
    live: live ? (live(campaignId) ?? null) : null,
  };
}
