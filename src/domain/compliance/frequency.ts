import { DateTime } from 'luxon';
import type { CountRule, QuietRule } from './rules.ts';
import type { Channel, ComplianceCase, ContactRecord, RuleResult } from './types.ts';

/**
 * Frequency caps and the quiet period, counted from attempt history. Every missing field is read the way that
 * counts the record (unknown outcome counts, unknown debt counts, unknown time is "now"), so missing data can
 * only make a call less allowed.
 */

export interface TimedResult {
  readonly result: RuleResult;
  /** When a failing time-bound rule stops failing if nothing else happens; undefined when it passes. */
  readonly releaseAtMs?: number;
}

const digitsOf = (n: string): string => n.replace(/\D/g, '');

/** Same number? Compared on digits; a record without a country code matches on its national digits. */
export function samePhone(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return true; // unknown number: it may have been this one
  const x = digitsOf(a);
  const y = digitsOf(b);
  if (x === y) return true;
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.endsWith(short);
}

function inScope(rec: ContactRecord, rule: CountRule, c: ComplianceCase): boolean {
  if (rule.scope === 'phone') return samePhone(rec.phone, c.phone.number);
  if (rule.scope === 'personDebt') {
    const debtId = c.account.debtId;
    return debtId === undefined || rec.debtIds === undefined || rec.debtIds.includes(debtId);
  }
  return true;
}

function counts(rec: ContactRecord, rule: CountRule): boolean {
  const kindOk = rec.kind === undefined || rule.kinds.includes(rec.kind);
  const outcomeOk = rule.outcomes === 'all' || rec.outcome === undefined || rule.outcomes.includes(rec.outcome);
  return kindOk && outcomeOk;
}

export function appliesTo(rule: CountRule, c: ComplianceCase, channel: Channel): string | undefined {
  const type = c.phone.type ?? 'unknown';
  if (rule.phoneTypes && type !== 'unknown' && !rule.phoneTypes.includes(type)) return `not applicable to ${type} numbers`;
  if (rule.robotWithoutConsentOnly && channel === 'agent') return 'not applicable to agent calls';
  if (rule.robotWithoutConsentOnly && c.phone.consent === true) return 'not applicable: the number has consent';
  return undefined;
}

function inPeriod(rule: CountRule, atMs: number, nowMs: number): boolean {
  if ('rollingMs' in rule.period) return atMs > nowMs - rule.period.rollingMs;
  const zone = rule.period.localDayZone;
  return DateTime.fromMillis(atMs, { zone }).toISODate() === DateTime.fromMillis(nowMs, { zone }).toISODate();
}

/**
 * When the cap frees up if nothing else happens. An undated record counts in every period ("now" moves with
 * the clock), so while undated records alone fill the cap it never frees up (Infinity).
 */
function releaseOf(rule: CountRule, countedMs: readonly (number | undefined)[], nowMs: number): number {
  const undated = countedMs.filter((ms) => ms === undefined).length;
  if (undated >= rule.limit) return Number.POSITIVE_INFINITY;
  if ('rollingMs' in rule.period) {
    const dated = countedMs.filter((ms): ms is number => ms !== undefined).sort((a, b) => a - b);
    // Once enough of the oldest dated ones have aged out, count < limit again.
    return (dated[dated.length - (rule.limit - undated)] ?? nowMs) + rule.period.rollingMs;
  }
  return DateTime.fromMillis(nowMs, { zone: rule.period.localDayZone }).plus({ days: 1 }).startOf('day').toMillis();
}

/** The contacts a cap counts now, and where its period starts: shared by decide and the reservation plan. */
export function countedContacts(rule: CountRule, c: ComplianceCase, nowMs: number): { countedMs: (number | undefined)[]; callIds: string[]; sinceMs: number } {
  const records = c.history.filter((r) => counts(r, rule) && inScope(r, rule, c) && inPeriod(rule, r.atMs ?? nowMs, nowMs));
  const sinceMs =
    'rollingMs' in rule.period ? nowMs - rule.period.rollingMs : DateTime.fromMillis(nowMs, { zone: rule.period.localDayZone }).startOf('day').toMillis() - 1;
  return { countedMs: records.map((r) => r.atMs), callIds: records.flatMap((r) => (r.callId ? [r.callId] : [])), sinceMs };
}

export function evaluateCount(rule: CountRule, c: ComplianceCase, channel: Channel, nowMs: number): TimedResult {
  const periodLabel = 'rollingMs' in rule.period ? `${rule.period.rollingMs / 86_400_000} days` : `local day (${rule.period.localDayZone})`;
  const na = appliesTo(rule, c, channel);
  if (na !== undefined) return { result: { rule: rule.id, pass: true, detail: na, inputs: { phoneType: c.phone.type ?? 'unknown', channel } } };
  const { countedMs } = countedContacts(rule, c, nowMs);
  const pass = countedMs.length < rule.limit;
  const detail = pass
    ? `${countedMs.length} of ${rule.limit} allowed in ${periodLabel}`
    : `cap reached: ${countedMs.length} counted contacts in ${periodLabel}, limit ${rule.limit}`;
  const result: RuleResult = { rule: rule.id, pass, detail, inputs: { counted: countedMs.length, limit: rule.limit, scope: rule.scope, period: periodLabel } };
  return pass ? { result } : { result, releaseAtMs: releaseOf(rule, countedMs, nowMs) };
}

export function evaluateQuiet(rule: QuietRule, c: ComplianceCase, nowMs: number): TimedResult {
  const debtId = c.account.debtId;
  const conversations = c.history.filter(
    (r) =>
      (r.kind === undefined || rule.kinds.includes(r.kind)) &&
      (r.outcome === undefined || r.outcome === 'conversation') &&
      (debtId === undefined || r.debtIds === undefined || r.debtIds.includes(debtId)),
  );
  // An undated conversation may have been just now, whenever now is: quiet until the record is dated.
  const quietUntilMs = Math.max(...conversations.map((r) => (r.atMs === undefined ? Number.POSITIVE_INFINITY : r.atMs + rule.quietMs)), Number.NEGATIVE_INFINITY);
  const pass = nowMs >= quietUntilMs;
  const inputs = { conversations: conversations.length, quietUntil: quietUntilMs === Number.POSITIVE_INFINITY ? 'indefinite (undated conversation)' : Number.isFinite(quietUntilMs) ? new Date(quietUntilMs).toISOString() : null };
  if (pass) return { result: { rule: rule.id, pass, detail: `no telephone conversation about this debt in the last ${rule.quietMs / 86_400_000} days`, inputs } };
  return {
    result: { rule: rule.id, pass, detail: `a telephone conversation about this debt starts a quiet period until ${inputs.quietUntil ?? ''}`, inputs },
    releaseAtMs: quietUntilMs,
  };
}
