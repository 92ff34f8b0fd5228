import type { DialCandidate } from '../../adapters/db/repos/dialer-repo.ts';
import { decideAndReserve } from '../../adapters/compliance/decide-and-reserve.ts';
import { loadCaseHistory, storedCase, StoredRecordUnreadableError } from '../../adapters/compliance/sql-compliance-cases.ts';
import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import type { ComplianceCase } from '../../domain/compliance/types.ts';
import { STORE_UNAVAILABLE_RULE, type ComplianceStore } from '../../ports/compliance-store.ts';
import type { Sql } from '../../ports/sql.ts';
import type { DialGate, GateResult } from './dial-gate.ts';

/** A stored field the engine cannot read: the account is not dialled until the record is fixed. */
export const RECORD_UNREADABLE_RULE = 'record.unreadable';

/** The candidate as a compliance case, read exactly as `recollect explain` reads the stored account. */
export function caseFor(c: DialCandidate, profile: string, channel: 'robot' | 'agent', history: readonly object[]): ComplianceCase {
  return storedCase({
    profile,
    channel,
    account: { accountId: c.accountId, debtId: c.debtId, country: c.country, state: c.state, province: c.province, postalCode: c.postalCode, flags: c.flags, blockedWindows: c.blockedWindows },
    // Candidates are selected among phones whose status is 'ok' (dialer-repo).
    phone: { numberE164: c.numberE164, type: c.phoneType, consent: c.consent, status: 'ok' },
    history,
  });
}

const refused = (rule: string, detail: string, profile: string): GateResult => ({
  decision: { allowed: false, blockedBy: [rule], rules: [{ rule, pass: false, detail, inputs: {} }], nextEligibleAtMs: null, profile },
});

/** The compliance engine in front of every dial: history from PostgreSQL, decision, atomic reservation. */
export function createComplianceGate(sql: Sql, store: ComplianceStore, ctx: ComplianceContext): DialGate {
  return {
    async admit(c, profile, channel, attemptId, nowMs): Promise<GateResult> {
      let history: object[];
      try {
        history = await loadCaseHistory(sql, c.accountId, nowMs);
      } catch (err) {
        // The counts are unknown: compliance is never traded for throughput.
        return refused(STORE_UNAVAILABLE_RULE, `contact history unavailable: ${(err as Error).message}`, profile);
      }
      let complianceCase: ComplianceCase;
      try {
        complianceCase = caseFor(c, profile, channel, history);
      } catch (err) {
        if (err instanceof StoredRecordUnreadableError) return refused(RECORD_UNREADABLE_RULE, err.message, profile);
        throw err;
      }
      const { decision, reservedKeys } = await decideAndReserve(store, ctx, complianceCase, nowMs, attemptId);
      const gateDecision = { allowed: decision.allowed, blockedBy: decision.blockedBy, rules: decision.rules, nextEligibleAtMs: decision.nextEligibleAtMs, profile: `${decision.profile}@${decision.profileVersion}` };
      if (!decision.allowed) return { decision: gateDecision };
      return { decision: gateDecision, release: () => store.release(attemptId, reservedKeys) };
    },
  };
}
