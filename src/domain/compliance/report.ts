import { isoUtc } from './parse-case.ts';
import type { Decision } from './types.ts';

/** Decisions as the outside world sees them: the JSON-lines contract, words for people, aggregates for operators. */

export interface DecisionLine {
  readonly id: string | number | null;
  readonly allowed: boolean;
  readonly blockedBy: readonly string[];
  readonly rules: readonly { rule: string; pass: boolean; detail: string; inputs: Readonly<Record<string, unknown>> }[];
  readonly nextEligibleAt: string | null;
}

export function decisionLine(caseId: string | number | undefined, d: Decision): DecisionLine {
  return {
    id: caseId ?? null,
    allowed: d.allowed,
    blockedBy: d.blockedBy,
    rules: d.rules.map((r) => ({ rule: r.rule, pass: r.pass, detail: r.detail, inputs: r.inputs })),
    nextEligibleAt: d.nextEligibleAtMs === null ? null : isoUtc(d.nextEligibleAtMs),
  };
}

export interface ExplainSubject {
  readonly accountId?: string | undefined;
  readonly debtId?: string | undefined;
  readonly atMs: number;
}

/** The decision in sentences, for `recollect explain` and the compliance UI. */
export function explainDecision(subject: ExplainSubject, d: Decision): string[] {
  const who = `Account ${subject.accountId ?? '(unknown)'}${subject.debtId ? ` about debt ${subject.debtId}` : ''}`;
  const when = isoUtc(subject.atMs);
  const profile = d.profileVersion ? `profile ${d.profile} (version ${d.profileVersion})` : 'no profile';
  const lines: string[] = [];
  if (d.allowed) lines.push(`${who} may be called at ${when} under ${profile}.`);
  else lines.push(`${who} may not be called at ${when} under ${profile}: ${d.blockedBy.length} rule(s) block it.`);
  if (d.zones.length > 0) lines.push(`Calling hours were checked in every candidate time zone: ${d.zones.join(', ')}.`);
  for (const r of d.rules.filter((x) => !x.pass)) lines.push(`Blocked by ${r.rule}: ${r.detail}.`);
  if (!d.allowed) {
    lines.push(
      d.nextEligibleAtMs === null
        ? 'Waiting will not help: a flag, consent or the number itself blocks the call until the record changes.'
        : `Earliest time every rule passes, if nothing else changes: ${isoUtc(d.nextEligibleAtMs)}.`,
    );
  }
  const passed = d.rules.filter((x) => x.pass).map((x) => x.rule);
  if (passed.length > 0) lines.push(`Passed: ${passed.join(', ')}.`);
  return lines;
}

/** "412 outside window, 88 at 7-in-7, 12 cease": accounts blocked per rule (an account can count under several). */
export function aggregateBlocked(decisions: Iterable<Pick<Decision, 'allowed' | 'blockedBy'>>): { total: number; allowed: number; byRule: Record<string, number> } {
  let total = 0;
  let allowed = 0;
  const byRule: Record<string, number> = {};
  for (const d of decisions) {
    total++;
    if (d.allowed) allowed++;
    for (const rule of d.blockedBy) byRule[rule] = (byRule[rule] ?? 0) + 1;
  }
  return { total, allowed, byRule };
}

export function aggregateSentence(agg: { total: number; allowed: number; byRule: Record<string, number> }): string {
  const parts = Object.entries(agg.byRule)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${n} ${rule}`);
  return `${agg.total} case(s): ${agg.allowed} callable${parts.length > 0 ? `; blocked: ${parts.join(', ')}` : ''}`;
}
