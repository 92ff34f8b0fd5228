import { Redis } from 'ioredis';
import { STORE_UNAVAILABLE_RULE, type ComplianceStore, type ReservationOutcome, type ReservationRequest } from '../../ports/compliance-store.ts';

/*
 * Data model: one ZSET per cap scope, `<prefix><scopeKey>` (scope keys carry the account's hash tag):
 * member = callId, score = reservation instant (ms, the dialer's decision clock). A reservation stays until it
 * ages out of the longest period (`retainMs`) so that it keeps counting until the attempt record that carries
 * the same callId is durable; from then on the caller lists that callId in `durableCallIds` and the script skips
 * it, so no call is ever counted twice or not at all. Why Redis Lua rather than row locks: ADR 0300.
 */
const RESERVE = `
local callId = ARGV[1]
local nowMs = tonumber(ARGV[2])
local retainMs = tonumber(ARGV[3])
local nKnown = tonumber(ARGV[4])
local known = {}
for i = 1, nKnown do known[ARGV[4 + i]] = true end
local base = 4 + nKnown
for i = 1, #KEYS do
  local o = base + (i - 1) * 4
  local sinceMs = ARGV[o + 1]
  local limit = tonumber(ARGV[o + 2])
  local durable = tonumber(ARGV[o + 3])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', nowMs - retainMs)
  local pending = 0
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[i], '(' .. sinceMs, '+inf')) do
    if not known[member] and member ~= callId then pending = pending + 1 end
  end
  if durable + pending + 1 > limit then
    return {0, ARGV[o + 4], durable, pending, limit}
  end
end
for i = 1, #KEYS do
  redis.call('ZADD', KEYS[i], nowMs, callId)
  redis.call('PEXPIRE', KEYS[i], retainMs)
end
return {1}`;

const RELEASE = `
for i = 1, #KEYS do redis.call('ZREM', KEYS[i], ARGV[1]) end
return 1`;

export class ComplianceStoreError extends Error {
  readonly code = 'COMPLIANCE_STORE_UNAVAILABLE';
  readonly retryable = true;
}

interface ReservingRedis extends Redis {
  complianceReserve(numKeys: number, ...args: (string | number)[]): Promise<(string | number)[]>;
  complianceRelease(numKeys: number, ...args: (string | number)[]): Promise<number>;
}

export interface RedisComplianceStoreOptions {
  readonly url: string;
  /** Key prefix, so deployments and test runs can share one Redis. */
  readonly prefix?: string;
  /** Per-command timeout; past it the answer is "do not dial" (store.unavailable). */
  readonly commandTimeoutMs: number;
  /** How long a reservation is kept: the longest cap period (TCPA 30 days) plus a day. */
  readonly retainMs?: number;
}

export function createRedisComplianceStore(opts: RedisComplianceStoreOptions): ComplianceStore {
  // No offline queue and one retry: a dial decision must not wait for a reconnect; it fails closed instead.
  const redis = new Redis(opts.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: opts.commandTimeoutMs }) as ReservingRedis;
  redis.on('error', () => undefined); // surfaced per call as store.unavailable; never crash the dialer
  redis.defineCommand('complianceReserve', { lua: RESERVE });
  redis.defineCommand('complianceRelease', { lua: RELEASE });
  const prefix = opts.prefix ?? 'recollect:compliance:';
  // Without an offline queue a command sent while (re)connecting fails at once; wait for the connection, but
  // never longer than one command timeout, so a dead store still answers "do not dial" promptly.
  const retainMs = opts.retainMs ?? 31 * 86_400_000;
  let connecting: Promise<void> | undefined;
  const ready = (): Promise<void> => {
    if (redis.status === 'ready') return Promise.resolve();
    connecting ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        redis.off('ready', onReady);
        reject(new Error(`not connected within ${opts.commandTimeoutMs} ms (status ${redis.status})`));
      }, opts.commandTimeoutMs);
      const onReady = (): void => {
        clearTimeout(timer);
        resolve();
      };
      redis.once('ready', onReady);
    }).finally(() => {
      connecting = undefined;
    });
    return connecting;
  };

  return {
    async reserve(req: ReservationRequest): Promise<ReservationOutcome> {
      if (req.scopes.length === 0) return { reserved: true };
      const args: (string | number)[] = [req.callId, req.nowMs, retainMs, req.durableCallIds.length, ...req.durableCallIds];
      for (const s of req.scopes) args.push(s.sinceMs, s.limit, s.durableCount, s.rule);
      try {
        await ready();
        const res = await redis.complianceReserve(req.scopes.length, ...req.scopes.map((s) => prefix + s.scopeKey), ...args);
        if (Number(res[0]) === 1) return { reserved: true };
        const [, rule, durable, pending, limit] = res;
        return { reserved: false, blockedBy: [String(rule)], detail: `${String(rule)}: ${Number(durable)} recorded + ${Number(pending)} in flight elsewhere reach the limit ${Number(limit)}` };
      } catch (err) {
        return { reserved: false, blockedBy: [STORE_UNAVAILABLE_RULE], detail: `reservation store unreachable: ${err instanceof Error ? err.message : String(err)}` };
      }
    },
    async release(callId, scopeKeys) {
      if (scopeKeys.length === 0) return;
      try {
        await ready();
        await redis.complianceRelease(scopeKeys.length, ...scopeKeys.map((k) => prefix + k), callId);
      } catch (err) {
        // Failing to release errs on the safe side (the slot stays taken until the reservation ages out), but
        // the caller should know and may retry.
        throw new ComplianceStoreError(`could not release reservation ${callId}: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
    close() {
      redis.disconnect();
      return Promise.resolve();
    },
  };
}
