import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryHotState } from '../../../src/adapters/memory/memory-hot-state.ts';
import { createRedisHotState } from '../../../src/adapters/redis/redis-hot-state.ts';
import type { HotState } from '../../../src/ports/hot-state.ts';
import { StoreUnavailableError } from '../../../src/ports/sql.ts';
import { ManualClock } from '../../helpers/manual-clock.ts';
import { testRedisUrl } from '../../helpers/sql-backends.ts';

const opened: HotState[] = [];
afterAll(async () => {
  await Promise.all(opened.splice(0).map((h) => h.close()));
});

const backends = [
  { name: 'memory', make: () => createMemoryHotState(new ManualClock()) },
  {
    name: 'redis',
    make: () => {
      const h = createRedisHotState(testRedisUrl, `recollect-test:${randomBytes(6).toString('hex')}:`);
      opened.push(h);
      return h;
    },
  },
];

describe.each(backends)('hot state on $name', ({ make }) => {
  it('takes a line in every scope or in none', async () => {
    const hot = make();
    const scopes = [
      { key: 'trunk:lab', limit: 2 },
      { key: 'node:fs1', limit: 1 },
    ];
    expect(await hot.acquireLines(scopes, 'c1', 60_000)).toBe(true);
    expect(await hot.acquireLines(scopes, 'c2', 60_000)).toBe(false); // node full
    expect(await hot.linesInUse('trunk:lab')).toBe(1); // c2 took nothing on the trunk either
    await hot.releaseLines(['trunk:lab', 'node:fs1'], 'c1');
    expect(await hot.acquireLines(scopes, 'c2', 60_000)).toBe(true);
  });

  it('limits originations per second', async () => {
    const hot = make();
    const now = Date.now();
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await hot.takeCpsToken('trunk:lab', 3, now));
    expect(results).toEqual([true, true, true, false, false]);
  });

  it('gives a campaign lease to one owner until released', async () => {
    const hot = make();
    expect(await hot.acquireLease('campaign:C1', 'dialer-a', 10_000)).toBe(true);
    expect(await hot.acquireLease('campaign:C1', 'dialer-b', 10_000)).toBe(false);
    expect(await hot.acquireLease('campaign:C1', 'dialer-a', 10_000)).toBe(true); // renewal
    await hot.releaseLease('campaign:C1', 'dialer-b'); // not the owner: no effect
    expect(await hot.leaseOwner('campaign:C1')).toBe('dialer-a');
    await hot.releaseLease('campaign:C1', 'dialer-a');
    expect(await hot.acquireLease('campaign:C1', 'dialer-b', 10_000)).toBe(true);
  });

  it('counts shared statistics', async () => {
    const hot = make();
    await hot.hashIncrBy('stats:C1', 'dials', 2);
    await hot.hashIncrBy('stats:C1', 'dials', 3);
    await hot.hashSet('agents', 'A1', 'ready');
    expect(await hot.hashGetAll('stats:C1')).toEqual({ dials: '5' });
    expect(await hot.hashGetAll('agents')).toEqual({ A1: 'ready' });
  });
});

describe('hot state shared by several dialer processes (real Redis)', () => {
  it('never grants more lines than the limit to racing dialers', async () => {
    const prefix = `recollect-test:${randomBytes(6).toString('hex')}:`;
    const dialers = [0, 1, 2].map(() => createRedisHotState(testRedisUrl, prefix));
    opened.push(...dialers);
    const scopes = [{ key: 'trunk:lab', limit: 7 }];
    const grants = await Promise.all(
      Array.from({ length: 60 }, (_, i) => dialers[i % 3]!.acquireLines(scopes, `call-${i}`, 60_000)),
    );
    expect(grants.filter(Boolean)).toHaveLength(7);
    expect(await dialers[0]!.linesInUse('trunk:lab')).toBe(7);
  });

  it('lets a line held by a crashed dialer expire', async () => {
    const prefix = `recollect-test:${randomBytes(6).toString('hex')}:`;
    const a = createRedisHotState(testRedisUrl, prefix);
    const b = createRedisHotState(testRedisUrl, prefix);
    opened.push(a, b);
    expect(await a.acquireLines([{ key: 'trunk:x', limit: 1 }], 'c1', 50)).toBe(true);
    await a.close(); // the process dies without releasing
    let granted = false;
    for (let i = 0; i < 100 && !granted; i += 1) {
      granted = await b.acquireLines([{ key: 'trunk:x', limit: 1 }], 'c2', 60_000);
      if (!granted) await new Promise((r) => setTimeout(r, 20));
    }
    expect(granted).toBe(true);
  });

  it('reports an unreachable Redis as a retryable store error, so the dialer does not dial', async () => {
    const dead = createRedisHotState('redis://127.0.0.1:1', 'x:');
    opened.push(dead);
    const err = await dead.acquireLines([{ key: 't', limit: 1 }], 'c', 1000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).retryable).toBe(true);
  });
});
