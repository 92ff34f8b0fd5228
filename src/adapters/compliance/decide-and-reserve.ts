import { capPlan } from '../../domain/compliance/cap-plan.ts';
import { decide, type ComplianceContext } from '../../domain/compliance/decide.ts';
import type { ComplianceCase, Decision } from '../../domain/compliance/types.ts';
import type { ComplianceStore } from '../../ports/compliance-store.ts';

/**
 * The dial-time gate: the pure decision first, then the atomic reservation across dialer processes. The
 * dialer calls this once per dial with its callId; when the originate fails before dialling it calls
 * `store.release(callId, reservedKeys)`. A store failure answers "do not dial" (store.unavailable).
 */
export interface GateResult {
  readonly decision: Decision;
  /** Scope keys reserved for this call (to release if the call never leaves); empty when not reserved. */
  readonly reservedKeys: readonly string[];
}

export async function decideAndReserve(store: ComplianceStore, ctx: ComplianceContext, c: ComplianceCase, nowMs: number, callId: string): Promise<GateResult> {
  const decision = decide(c, nowMs, ctx);
  if (!decision.allowed) return { decision, reservedKeys: [] };
  const plan = capPlan(c, nowMs, ctx.profiles);
  const outcome = await store.reserve({ callId, nowMs, scopes: plan.scopes, durableCallIds: plan.durableCallIds });
  const keys = plan.scopes.map((s) => s.scopeKey);
  if (outcome.reserved) {
    const rule = { rule: 'reserve.atomic', pass: true, detail: `reserved against ${keys.length} cap(s)`, inputs: { callId, caps: plan.scopes.map((s) => s.rule) } };
    return { decision: { ...decision, rules: [...decision.rules, rule] }, reservedKeys: keys };
  }
  const failed = outcome.blockedBy.map((id) => ({ rule: id, pass: false, detail: outcome.detail, inputs: { callId } }));
  // Capacity taken by other processes frees up as their calls end; the exact time is not known here.
  return { decision: { ...decision, allowed: false, blockedBy: outcome.blockedBy, rules: [...decision.rules, ...failed], nextEligibleAtMs: null }, reservedKeys: [] };
}
