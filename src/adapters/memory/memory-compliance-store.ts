import type { ComplianceStore, ReservationOutcome, ReservationRequest } from '../../ports/compliance-store.ts';

/**
 * Single-process compliance reservations for the demo (no Redis): the same rule as the Redis Lua script
 * (src/adapters/compliance/redis-compliance-store.ts): a reservation keeps counting until its call id shows
 * up in the durable records, and a dial is reserved only if every cap still has room.
 */
export function createMemoryComplianceStore(retainMs = 31 * 86_400_000): ComplianceStore {
  const scopes = new Map<string, Map<string, number>>();
  return {
    reserve(req: ReservationRequest): Promise<ReservationOutcome> {
      const known = new Set(req.durableCallIds);
      for (const s of req.scopes) {
        const held = scopes.get(s.scopeKey) ?? new Map<string, number>();
        for (const [callId, at] of held) if (at <= req.nowMs - retainMs) held.delete(callId);
        scopes.set(s.scopeKey, held);
        const pending = [...held].filter(([callId, at]) => at > s.sinceMs && !known.has(callId) && callId !== req.callId).length;
        if (s.durableCount + pending + 1 > s.limit) {
          return Promise.resolve({ reserved: false, blockedBy: [s.rule], detail: `${s.durableCount} recorded + ${pending} in progress of ${s.limit} allowed` });
        }
      }
      for (const s of req.scopes) scopes.get(s.scopeKey)!.set(req.callId, req.nowMs);
      return Promise.resolve({ reserved: true });
    },
    release(callId, scopeKeys) {
      for (const key of scopeKeys) scopes.get(key)?.delete(callId);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
