import { decideAndReserve } from '../../adapters/compliance/decide-and-reserve.ts';
import { loadCaseHistory, loadStoredParty, storedCase, StoredRecordUnreadableError } from '../../adapters/compliance/sql-compliance-cases.ts';
import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import type { ComplianceCase } from '../../domain/compliance/types.ts';
import { STORE_UNAVAILABLE_RULE, type ComplianceStore } from '../../ports/compliance-store.ts';
import type { Sql } from '../../ports/sql.ts';
import type { DialGate, GateResult } from './dial-gate.ts';

/** A stored field the engine cannot read: the account is not dialled until the record is fixed. */
export const RECORD_UNREADABLE_RULE = 'record.unreadable';

const refused = (rule: string, detail: string, profile: string): GateResult => ({
  decision: { allowed: false, blockedBy: [rule], rules: [{ rule, pass: false, detail, inputs: {} }], nextEligibleAtMs: null, profile },
});

/** The compliance engine in front of every dial: history from PostgreSQL, decision, atomic reservation. */
export function createComplianceGate(sql: Sql, store: ComplianceStore, ctx: ComplianceContext): DialGate {
  return {
    async admit(c, profile, channel, attemptId, nowMs): Promise<GateResult> {
      let history: object[];
      let fresh: Awaited<ReturnType<typeof loadStoredParty>>;
      try {
        // The account and phone as stored now, not the batch's copy: another call may have recorded a cease
        // or a bad number since the candidate was fetched.
        [history, fresh] = await Promise.all([loadCaseHistory(sql, c.accountId, nowMs), loadStoredParty(sql, c.accountId, c.phoneId)]);
      } catch (err) {
        // The counts are unknown: compliance is never traded for throughput.
        return refused(STORE_UNAVAILABLE_RULE, `account or contact history unavailable: ${(err as Error).message}`, profile);
      }
      if (!fresh) return refused(RECORD_UNREADABLE_RULE, `account ${c.accountId} or its phone ${c.phoneId} is no longer stored`, profile);
      let complianceCase: ComplianceCase;
      try {
        // Read exactly as `recollect explain` reads the stored account (one builder for both).
        complianceCase = storedCase({ profile, channel, account: { ...fresh.account, debtId: c.debtId }, phone: fresh.phone, history });
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
