import { Redis } from 'ioredis';
import type { HotState, LineScope } from '../../ports/hot-state.ts';
import { StoreUnavailableError } from '../../ports/sql.ts';

/*
 * Data model (all keys under one prefix so several deployments or test runs can share a Redis):
 *   <p>lines:<scope>   ZSET member=callId score=expiry ms — a line is held until released or expired
 *   <p>cps:<scope>     ZSET member=unique score=origination ms — the last second of originations
 *   <p>lease:<name>    STRING owner with PX ttl
 *   <p>h:<name>        HASH for agent states and counters
 * Lua makes each multi-key check-and-take atomic across processes; Redis TIME is the clock for expiry so
 * processes with skewed clocks agree.
 */
const ACQUIRE_LINES = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = #KEYS
for i = 1, n do
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now)
  if redis.call('ZSCORE', KEYS[i], ARGV[1]) == false and redis.call('ZCARD', KEYS[i]) >= tonumber(ARGV[2 + i]) then
    return 0
  end
end
for i = 1, n do
  redis.call('ZADD', KEYS[i], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[i], tonumber(ARGV[2]) * 2)
end
return 1`;

const TAKE_CPS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1000)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], 2000)
return 1`;

const ACQUIRE_LEASE = `
local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
  return 1
end
return 0`;

const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

let counter = 0;

export function createRedisHotState(url: string, prefix = 'recollect:'): HotState {
  const redis = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true });
  redis.on('error', () => undefined); // reported per command as StoreUnavailableError; no process crash
  const k = (kind: string, name: string) => `${prefix}${kind}:${name}`;
  const guard = async <T>(op: () => Promise<T>): Promise<T> => {
    try {
      return await op();
    } catch (err) {
      throw new StoreUnavailableError(`Redis unavailable: ${(err as Error).message}`);
    }
  };
  return {
    acquireLines: (scopes: readonly LineScope[], callId, ttlMs) =>
      guard(async () => {
        const keys = scopes.map((s) => k('lines', s.key));
        const args = [callId, String(ttlMs), ...scopes.map((s) => String(s.limit))];
        return (await redis.eval(ACQUIRE_LINES, keys.length, ...keys, ...args)) === 1;
      }),
    releaseLines: (scopeKeys, callId) =>
      guard(async () => {
        const pipeline = redis.pipeline();
        for (const key of scopeKeys) pipeline.zrem(k('lines', key), callId);
        await pipeline.exec();
      }),
    linesInUse: (scopeKey) =>
      guard(async () => {
        const key = k('lines', scopeKey);
        const [time] = await Promise.all([redis.time()]);
        const nowMs = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
        return redis.zcount(key, nowMs, '+inf');
      }),
    takeCpsToken: (scopeKey, perSecond, _nowMs) =>
      guard(async () => {
        counter += 1;
        const member = `${process.pid}-${Date.now()}-${counter}-${Math.random()}`;
        return (await redis.eval(TAKE_CPS, 1, k('cps', scopeKey), String(perSecond), member)) === 1;
      }),
    acquireLease: (leaseKey, owner, ttlMs) =>
      guard(async () => (await redis.eval(ACQUIRE_LEASE, 1, k('lease', leaseKey), owner, String(ttlMs))) === 1),
    releaseLease: (leaseKey, owner) =>
      guard(async () => {
        await redis.eval(RELEASE_LEASE, 1, k('lease', leaseKey), owner);
      }),
    leaseOwner: (leaseKey) => guard(async () => (await redis.get(k('lease', leaseKey))) ?? undefined),
    hashSet: (key, field, value) =>
      guard(async () => {
        await redis.hset(k('h', key), field, value);
      }),
    hashIncrBy: (key, field, by) => guard(() => redis.hincrby(k('h', key), field, by)),
    hashGetAll: (key) => guard(() => redis.hgetall(k('h', key))),
    close: async () => {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
