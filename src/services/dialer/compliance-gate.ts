import type { DialCandidate } from '../../adapters/db/repos/dialer-repo.ts';
import { decideAndReserve } from '../../adapters/compliance/decide-and-reserve.ts';
import { loadCaseHistory, storedCase, StoredRecordUnreadableError, type StoredAccountFields } from '../../adapters/compliance/sql-compliance-cases.ts';
import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import type { ComplianceCase } from '../../domain/compliance/types.ts';
import { STORE_UNAVAILABLE_RULE, type ComplianceStore } from '../../ports/compliance-store.ts';
import type { Sql } from '../../ports/sql.ts';
import type { DialGate, GateResult } from './dial-gate.ts';

/** A stored field the engine cannot read: the account is not dialled until the record is fixed. */
export const RECORD_UNREADABLE_RULE = 'record.unreadable';

/**
 * The account and the phone as stored *now*. The candidate came from a batch fetched minutes ago; since then
 * another dialer's call may have recorded a cease, a wrong number or a new consent, and those must count.
 */
async function loadFresh(sql: Sql, c: DialCandidate): Promise<{ account: StoredAccountFields; phone: Parameters<typeof storedCase>[0]['phone'] } | undefined> {
  const [a] = await sql.query('SELECT country, state, province, postal_code, flags, blocked_windows FROM accounts WHERE account_id = $1', [c.accountId]);
  const [p] = await sql.query('SELECT number_e164, phone_type, consent, status FROM phones WHERE phone_id = $1 AND account_id = $2', [c.phoneId, c.accountId]);
  if (!a || !p) return undefined;
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    account: {
      accountId: c.accountId, debtId: c.debtId, country: text(a['country']), state: text(a['state']), province: text(a['province']), postalCode: text(a['postal_code']),
      flags: Array.isArray(a['flags']) ? (a['flags'] as unknown[]).filter((f): f is string => typeof f === 'string') : [], blockedWindows: a['blocked_windows'],
    },
    phone: { numberE164: String(p['number_e164']), type: text(p['phone_type']), consent: p['consent'] === true, status: text(p['status']) },
  };
}

const refused = (rule: string, detail: string, profile: string): GateResult => ({
  decision: { allowed: false, blockedBy: [rule], rules: [{ rule, pass: false, detail, inputs: {} }], nextEligibleAtMs: null, profile },
});

/** The compliance engine in front of every dial: history from PostgreSQL, decision, atomic reservation. */
export function createComplianceGate(sql: Sql, store: ComplianceStore, ctx: ComplianceContext): DialGate {
  return {
    async admit(c, profile, channel, attemptId, nowMs): Promise<GateResult> {
      let history: object[];
      let fresh: Awaited<ReturnType<typeof loadFresh>>;
      try {
        [history, fresh] = await Promise.all([loadCaseHistory(sql, c.accountId, nowMs), loadFresh(sql, c)]);
      } catch (err) {
        // The counts are unknown: compliance is never traded for throughput.
        return refused(STORE_UNAVAILABLE_RULE, `account or contact history unavailable: ${(err as Error).message}`, profile);
      }
      if (!fresh) return refused(RECORD_UNREADABLE_RULE, `account ${c.accountId} or its phone ${c.phoneId} is no longer stored`, profile);
      let complianceCase: ComplianceCase;
      try {
        // Read exactly as `recollect explain` reads the stored account (one builder for both).
        complianceCase = storedCase({ profile, channel, account: fresh.account, phone: fresh.phone, history });
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
