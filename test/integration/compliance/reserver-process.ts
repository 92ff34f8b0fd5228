// A stand-in dialer process for the cross-process race test: connects, says "ready", waits for "go" on stdin,
// then fires its reservations at once and prints how many were granted.
import { createInterface } from 'node:readline';
import { buildComplianceContext } from '../../../src/adapters/compliance/compliance-context.ts';
import { decideAndReserve } from '../../../src/adapters/compliance/decide-and-reserve.ts';
import { createRedisComplianceStore } from '../../../src/adapters/compliance/redis-compliance-store.ts';
import type { ComplianceCase } from '../../../src/domain/compliance/types.ts';

const [prefix = '', accountId = '', tag = '', triesArg = '10', recordedArg = '0', nowArg = '0'] = process.argv.slice(2);
const nowMs = Number(nowArg);
const store = createRedisComplianceStore({ url: 'redis://127.0.0.1:6379', prefix, commandTimeoutMs: 5000 });
const ctx = buildComplianceContext();
const c: ComplianceCase = {
  profile: 'us',
  channel: 'agent',
  account: { accountId, debtId: 'D1', country: 'US', state: 'CO', flags: [], blockedWindows: [] },
  phone: { number: '+13035551234', type: 'mobile', consent: true },
  history: Array.from({ length: Number(recordedArg) }, (_, i) => ({ atMs: nowMs - (i + 1) * 3600_000, kind: 'call' as const, outcome: 'no_answer' as const, debtIds: ['D1'], callId: `old-${i}` })),
};
// Warm the connection so both processes are equally ready when "go" arrives.
await store.release('warmup', ['warmup']);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() !== 'go') continue;
  const results = await Promise.all(Array.from({ length: Number(triesArg) }, (_, i) => decideAndReserve(store, ctx, c, nowMs, `${tag}-${i}`)));
  const refused = [...new Set(results.flatMap((r) => r.decision.blockedBy))];
  process.stdout.write(`granted ${results.filter((r) => r.decision.allowed).length} refused-by ${refused.join(',')}\n`);
  break;
}
await store.close();
