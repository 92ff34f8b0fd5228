import { loadContactHistory, type DialCandidate } from '../../adapters/db/repos/dialer-repo.ts';
import { decideAndReserve } from '../../adapters/compliance/decide-and-reserve.ts';
import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import type { BlockedWindow, ComplianceCase, ContactRecord, Weekday } from '../../domain/compliance/types.ts';
import { STORE_UNAVAILABLE_RULE, type ComplianceStore } from '../../ports/compliance-store.ts';
import type { Sql } from '../../ports/sql.ts';
import type { DialGate, GateResult } from './dial-gate.ts';

const HISTORY_DAYS = 31; // the longest rolling cap (TCPA 3-in-30) plus a day of margin

function toMinute(hhmm: unknown): number | undefined {
  const m = typeof hhmm === 'string' ? /^(\d{1,2}):(\d{2})$/.exec(hhmm) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined;
}

/** Stored blocked windows ({days, start "HH:MM", end "HH:MM"}) as the engine reads them; unreadable ones block all day. */
export function toBlockedWindows(stored: readonly unknown[]): BlockedWindow[] {
  return stored.map((w) => {
    // Stored as {days, startMinute, endMinute} (imports/API); {start: "HH:MM", end} is accepted too.
    const o = (w ?? {}) as { days?: unknown; start?: unknown; end?: unknown; startMinute?: unknown; endMinute?: unknown };
    const days = (Array.isArray(o.days) ? o.days : []) as Weekday[];
    const start = typeof o.startMinute === 'number' ? o.startMinute : toMinute(o.start);
    const end = typeof o.endMinute === 'number' ? o.endMinute : toMinute(o.end);
    // A window we cannot read must not make the account more callable: treat it as the whole day.
    return start === undefined || end === undefined ? { days: days.length ? days : ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], startMinute: 0, endMinute: 1440 } : { days, startMinute: start, endMinute: end };
  });
}

export function caseFor(c: DialCandidate, profile: string, channel: 'robot' | 'agent', history: readonly ContactRecord[]): ComplianceCase {
  return {
    profile,
    channel,
    account: {
      accountId: c.accountId, debtId: c.debtId, country: c.country, state: c.state, postalCode: c.postalCode, province: c.province,
      flags: c.flags, blockedWindows: toBlockedWindows(c.blockedWindows),
    },
    phone: { number: c.numberE164, type: c.phoneType, consent: c.consent, dnc: false },
    history,
  };
}

/** The compliance engine in front of every dial: history from PostgreSQL, decision, atomic reservation. */
export function createComplianceGate(sql: Sql, store: ComplianceStore, ctx: ComplianceContext): DialGate {
  return {
    async admit(c, profile, channel, attemptId, nowMs): Promise<GateResult> {
      let history: ContactRecord[];
      try {
        history = (await loadContactHistory(sql, c.accountId, nowMs - HISTORY_DAYS * 86_400_000)) as ContactRecord[];
      } catch (err) {
        // The counts are unknown: compliance is never traded for throughput.
        const rule = { rule: STORE_UNAVAILABLE_RULE, pass: false, detail: `contact history unavailable: ${(err as Error).message}`, inputs: {} };
        return { decision: { allowed: false, blockedBy: [STORE_UNAVAILABLE_RULE], rules: [rule], nextEligibleAtMs: null, profile } };
      }
      const { decision, reservedKeys } = await decideAndReserve(store, ctx, caseFor(c, profile, channel, history), nowMs, attemptId);
      const gateDecision = { allowed: decision.allowed, blockedBy: decision.blockedBy, rules: decision.rules, nextEligibleAtMs: decision.nextEligibleAtMs, profile: `${decision.profile}@${decision.profileVersion}` };
      if (!decision.allowed) return { decision: gateDecision };
      return { decision: gateDecision, release: () => store.release(attemptId, reservedKeys) };
    },
  };
}
