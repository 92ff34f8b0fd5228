import type { Clock } from '../../ports/clock.ts';
import type { HotState } from '../../ports/hot-state.ts';

/**
 * Single-process hot state for the demo (no Redis). Same semantics as the Redis adapter, including line
 * expiry, on the given clock — so a simulation on a scaled clock expires lines in simulated time.
 */
export function createMemoryHotState(clock: Clock): HotState {
  const lines = new Map<string, Map<string, number>>();
  const cps = new Map<string, number[]>();
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const hashes = new Map<string, Map<string, string>>();
  const live = (scope: string): Map<string, number> => {
    const now = clock.now();
    const held = lines.get(scope) ?? new Map<string, number>();
    for (const [callId, expiresAt] of held) if (expiresAt <= now) held.delete(callId);
    lines.set(scope, held);
    return held;
  };
  const hash = (key: string) => {
    let h = hashes.get(key);
    if (!h) hashes.set(key, (h = new Map<string, string>()));
    return h;
  };
  return {
    acquireLines: (scopes, callId, ttlMs) => {
      if (scopes.some((s) => !live(s.key).has(callId) && live(s.key).size >= s.limit)) return Promise.resolve(false);
      for (const s of scopes) live(s.key).set(callId, clock.now() + ttlMs);
      return Promise.resolve(true);
    },
    releaseLines: (scopeKeys, callId) => {
      for (const key of scopeKeys) lines.get(key)?.delete(callId);
      return Promise.resolve();
    },
    linesInUse: (scopeKey) => Promise.resolve(live(scopeKey).size),
    takeCpsToken: (scopeKey, perSecond, nowMs) => {
      const recent = (cps.get(scopeKey) ?? []).filter((t) => t > nowMs - 1000);
      const ok = recent.length < perSecond;
      if (ok) recent.push(nowMs);
      cps.set(scopeKey, recent);
      return Promise.resolve(ok);
    },
    acquireLease: (leaseKey, owner, ttlMs) => {
      const cur = leases.get(leaseKey);
      if (cur && cur.owner !== owner && cur.expiresAt > clock.now()) return Promise.resolve(false);
      leases.set(leaseKey, { owner, expiresAt: clock.now() + ttlMs });
      return Promise.resolve(true);
    },
    releaseLease: (leaseKey, owner) => {
      if (leases.get(leaseKey)?.owner === owner) leases.delete(leaseKey);
      return Promise.resolve();
    },
    leaseOwner: (leaseKey) => {
      const cur = leases.get(leaseKey);
      return Promise.resolve(cur && cur.expiresAt > clock.now() ? cur.owner : undefined);
    },
    hashSet: (key, field, value) => {
      hash(key).set(field, value);
      return Promise.resolve();
    },
    hashIncrBy: (key, field, by) => {
      const next = Number(hash(key).get(field) ?? '0') + by;
      hash(key).set(field, String(next));
      return Promise.resolve(next);
    },
    hashGetAll: (key) => Promise.resolve(Object.fromEntries(hash(key))),
    close: () => Promise.resolve(),
  };
}
