import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComplianceContext } from '../../../src/adapters/compliance/compliance-context.ts';
import { decideAndReserve } from '../../../src/adapters/compliance/decide-and-reserve.ts';
import { ComplianceStoreError, createRedisComplianceStore } from '../../../src/adapters/compliance/redis-compliance-store.ts';
import type { ComplianceCase, ContactRecord } from '../../../src/domain/compliance/types.ts';
import type { ComplianceStore } from '../../../src/ports/compliance-store.ts';

/**
 * Against the machine's real Redis: two stores on two connections stand for two dialer processes. Each test
 * run uses its own key prefix and deletes it afterwards.
 */
const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test:compliance:${randomUUID()}:`;
const ctx = buildComplianceContext();
const NOW = Date.parse('2026-03-10T18:00:00Z'); // 12:00 in Denver: inside every window
let a: ComplianceStore;
let b: ComplianceStore;

beforeAll(() => {
  a = createRedisComplianceStore({ url: REDIS_URL, prefix, commandTimeoutMs: 2000 });
  b = createRedisComplianceStore({ url: REDIS_URL, prefix, commandTimeoutMs: 2000 });
});

afterAll(async () => {
  await a.close();
  await b.close();
  const admin = new Redis(REDIS_URL);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  admin.disconnect();
});

const caseFor = (accountId: string, history: ContactRecord[]): ComplianceCase => ({
  profile: 'us',
  channel: 'agent',
  account: { accountId, debtId: 'D1', country: 'US', state: 'CO', flags: [], blockedWindows: [] },
  phone: { number: '+13035551234', type: 'mobile', consent: true },
  history,
});

const durable = (n: number): ContactRecord[] =>
  Array.from({ length: n }, (_, i) => ({ atMs: NOW - (i + 1) * 3600_000, kind: 'call', outcome: 'no_answer', debtIds: ['D1'], callId: `old-${i}` }));

describe('atomic reservation in Redis', () => {
  it('two processes racing for the same person and debt never exceed 7-in-7 together', async () => {
    for (let round = 0; round < 20; round++) {
      const accountId = `race-${round}`;
      const recorded = round % 7; // 0…6 calls already in the durable records
      const c = caseFor(accountId, durable(recorded));
      const tries = Array.from({ length: 12 }, (_, i) => decideAndReserve(i % 2 === 0 ? a : b, ctx, c, NOW, `${accountId}-call-${i}`));
      const results = await Promise.all(tries);
      const granted = results.filter((r) => r.decision.allowed).length;
      expect(granted).toBe(7 - recorded);
      for (const r of results.filter((x) => !x.decision.allowed)) expect(r.decision.blockedBy).toEqual(['regf.7in7']);
    }
  });

  it('two real OS processes racing never exceed the cap together', async () => {
    const script = new URL('./reserver-process.ts', import.meta.url).pathname;
    const recorded = 3;
    const procs = ['p1', 'p2'].map((tag) => spawn(process.execPath, ['--import', 'tsx', script, prefix, 'os-race', tag, '10', String(recorded), String(NOW)], { stdio: ['pipe', 'pipe', 'inherit'] }));
    // Listen for exit from the start: a child may finish before the assertions below are done.
    const exits = procs.map((p) => new Promise((resolve) => p.once('exit', resolve)));
    const outputs = procs.map((p) => createInterface({ input: p.stdout })[Symbol.asyncIterator]());
    const next = async (i: number): Promise<string> => String((await outputs[i]?.next())?.value ?? '');
    expect(await next(0)).toBe('ready');
    expect(await next(1)).toBe('ready');
    for (const p of procs) p.stdin.end('go\n');
    const granted = (await Promise.all([next(0), next(1)])).map((line) => Number(/granted (\d+)/.exec(line)?.[1]));
    expect(granted[0]! + granted[1]!).toBe(7 - recorded);
    expect(await Promise.all(exits)).toEqual([0, 0]);
  });

  it('a reservation that became a durable attempt is not counted twice', async () => {
    const c0 = caseFor('durable-1', durable(5));
    const first = await decideAndReserve(a, ctx, c0, NOW, 'new-1');
    expect(first.decision.allowed).toBe(true);
    // The attempt record for new-1 is now in the history the other process reads: 6 counted, one left.
    const c1 = caseFor('durable-1', [...durable(5), { atMs: NOW, kind: 'call', outcome: 'voicemail', debtIds: ['D1'], callId: 'new-1' }]);
    expect((await decideAndReserve(b, ctx, c1, NOW + 1000, 'new-2')).decision.allowed).toBe(true);
    expect((await decideAndReserve(a, ctx, c1, NOW + 2000, 'new-3')).decision.blockedBy).toEqual(['regf.7in7']);
  });

  it('a reservation for a call that never left is released and the capacity returns', async () => {
    const c = caseFor('release-1', durable(6));
    const first = await decideAndReserve(a, ctx, c, NOW, 'r-1');
    expect(first.decision.allowed).toBe(true);
    expect((await decideAndReserve(b, ctx, c, NOW, 'r-2')).decision.blockedBy).toEqual(['regf.7in7']);
    await a.release('r-1', first.reservedKeys);
    expect((await decideAndReserve(b, ctx, c, NOW, 'r-3')).decision.allowed).toBe(true);
  });

  it('an unreachable store means do not dial, with reason store.unavailable', async () => {
    const dead = createRedisComplianceStore({ url: 'redis://127.0.0.1:1', prefix, commandTimeoutMs: 200 });
    try {
      const r = await decideAndReserve(dead, ctx, caseFor('dead-1', []), NOW, 'd-1');
      expect(r.decision.allowed).toBe(false);
      expect(r.decision.blockedBy).toEqual(['store.unavailable']);
      await expect(dead.release('d-1', ['{acct:dead-1}:debt:D1:regf.7in7'])).rejects.toBeInstanceOf(ComplianceStoreError);
    } finally {
      await dead.close();
    }
  });
});
