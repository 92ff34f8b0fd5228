import type { Sql } from '../../ports/sql.ts';
import type { CampaignStats } from '../dialer/campaign-runner.ts';

const sum = (stats: readonly CampaignStats[], pick: (s: CampaignStats) => number): number => stats.reduce((n, s) => n + pick(s), 0);

function localTime(ms: number): string {
  return new Date(ms).toISOString().slice(11, 16);
}

/** One progress line per simulated minute. */
export function renderProgress(nowMs: number, stats: readonly CampaignStats[], linesInUse: number): string {
  return [
    `[${localTime(nowMs)} UTC]`,
    `lines ${linesInUse}`,
    `in progress ${sum(stats, (s) => s.inFlight)}`,
    `dialled ${sum(stats, (s) => s.dials)}`,
    `answered ${sum(stats, (s) => s.answered)}`,
    `machines ${sum(stats, (s) => s.machines)}`,
    `promises ${sum(stats, (s) => s.promises)}`,
  ].join('  ');
}

function merge(records: ReadonlyArray<Record<string, number>>): Array<[string, number]> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, v] of Object.entries(r)) out[k] = (out[k] ?? 0) + v;
  return Object.entries(out).sort((a, b) => b[1] - a[1]);
}

/** The closing summary, read back from the system of record (not from memory), so it shows what was stored. */
export async function renderSummary(sql: Sql, stats: readonly CampaignStats[]): Promise<string> {
  const dispositions = await sql.query<{ disposition: string; n: number }>(
    `SELECT disposition, count(*)::int AS n FROM attempts WHERE status = 'ended' GROUP BY disposition ORDER BY n DESC, disposition`,
  );
  const promises = await sql.query<{ account_id: string; amount_minor: string; currency: string; due: string | null }>(
    `SELECT account_id, amount_minor, currency, due_date::text AS due FROM promises ORDER BY created_at`,
  );
  const [totals] = await sql.query<{ calls: number; answered: number; transcripts: number }>(
    `SELECT count(*)::int AS calls, count(answered_at)::int AS answered, (SELECT count(DISTINCT attempt_id)::int FROM transcript_turns) AS transcripts FROM attempts`,
  );
  const live = sum(stats, (s) => s.liveAnswers);
  const abandoned = sum(stats, (s) => s.abandoned);
  const lines = [
    '',
    '=== Summary ===',
    `calls placed: ${totals?.calls ?? 0}   answered: ${totals?.answered ?? 0}   live answers: ${live}   machines: ${sum(stats, (s) => s.machines)}   with transcript: ${totals?.transcripts ?? 0}`,
    `abandonment: ${abandoned} of ${live} live answers (${live ? ((abandoned / live) * 100).toFixed(1) : '0.0'} %)`,
    'outcomes:',
    ...dispositions.map((d) => `  ${d.disposition.padEnd(22)} ${d.n}`),
    `promises to pay: ${promises.length}`,
    ...promises.map((p) => `  ${p.account_id.padEnd(16)} ${(Number(p.amount_minor) / 100).toFixed(2)} ${p.currency}  due ${p.due ?? '(no date)'}`),
    'blocked by rule (decisions that did not allow a dial):',
    ...merge(stats.map((s) => s.blockedByRule)).map(([rule, n]) => `  ${rule.padEnd(22)} ${n}`),
  ];
  return lines.join('\n');
}
