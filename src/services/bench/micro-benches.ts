/**
 * Micro-benchmarks of the pure hot paths `npm run bench` reports next to the capacity run: compliance
 * decisions (the `compliance check` batch path: parse a JSON line, decide), intent understanding per
 * utterance, and the pure pacing simulator. Each loop runs for a bounded wall time and a bounded count.
 */
import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import { decide } from '../../domain/compliance/decide.ts';
import { parseCaseLine } from '../../domain/compliance/parse-case.ts';
import type { Understand } from '../../domain/intents/types.ts';
import { referenceScenario } from '../../domain/pacing/sim/scenario.ts';
import { simulate } from '../../domain/pacing/sim/simulate.ts';
import { round } from './stats.ts';

/** Representative cases: US robot call with history, US cease flag, CN robot call, CN over the daily cap. */
const COMPLIANCE_CASES = [
  { id: 'us-history', profile: 'us', at: '2026-03-10T16:00:00Z', account: { accountId: 'A1', debtId: 'D1', country: 'US', state: 'ID', postalCode: '83814', flags: [], blockedWindows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '10:00' }] }, phone: { number: '+12085550123', type: 'mobile', consent: true, dnc: false }, channel: 'robot', history: [{ at: '2026-03-05T15:00:00Z', kind: 'call', outcome: 'voicemail', phone: '+12085550123', debtIds: ['D1'] }] },
  { id: 'us-cease', profile: 'us', at: '2026-03-10T18:00:00Z', account: { accountId: 'A5', debtId: 'D5', country: 'US', state: 'CO', flags: ['cease'] }, phone: { number: '+13035551234', type: 'mobile', consent: true }, channel: 'agent' },
  { id: 'cn-robot', profile: 'cn', at: '2026-03-10T03:00:00Z', account: { accountId: 'C6', debtId: 'L6', country: 'CN', province: 'Guangdong' }, phone: { number: '+8613800138000', type: 'mobile', consent: true }, channel: 'robot' },
  { id: 'cn-cap', profile: 'cn', at: '2026-03-10T06:00:00Z', account: { accountId: 'C7', debtId: 'L7', country: 'CN', province: 'Beijing' }, phone: { number: '+8613800138000', type: 'mobile' }, channel: 'agent', history: [{ at: '2026-03-10T01:00:00Z', kind: 'call', outcome: 'conversation' }, { at: '2026-03-10T02:00:00Z', kind: 'call', outcome: 'conversation' }, { at: '2026-03-10T03:00:00Z', kind: 'call', outcome: 'conversation' }] },
].map((c) => JSON.stringify(c));

const UTTERANCES: readonly { text: string; lang: 'en' | 'zh' }[] = [
  { text: 'Yes, this is Maria speaking', lang: 'en' },
  { text: 'I can pay two hundred dollars next Friday', lang: 'en' },
  { text: 'I already paid this last week', lang: 'en' },
  { text: 'Stop calling me, talk to my attorney', lang: 'en' },
  { text: '是的，我是王伟', lang: 'zh' },
  { text: '我下周五可以还五百块', lang: 'zh' },
  { text: '我已经还过了', lang: 'zh' },
  { text: '我现在没钱，失业了', lang: 'zh' },
];

export interface MicroBenchReport {
  readonly complianceDecisionsPerSecond: number | null;
  readonly intentLoadMs: number | null;
  readonly intentMicrosPerUtterance: number | null;
  readonly pacingSim: { readonly simulatedHours: number; readonly wallMs: number | null; readonly simulatedSecondsPerWallSecond: number | null; readonly dials: number };
}

/** Runs `body` in batches until `budgetMs` of wall time or `maxIterations`; returns iterations per second. */
function perSecond(budgetMs: number, maxIterations: number, body: (i: number) => void): number {
  const started = performance.now();
  let n = 0;
  while (n < maxIterations && performance.now() - started < budgetMs) {
    for (let k = 0; k < 50; k++) body(n++);
  }
  return n / ((performance.now() - started) / 1000);
}

export function benchCompliance(ctx: ComplianceContext, budgetMs: number): number {
  return perSecond(budgetMs, 5_000_000, (i) => {
    const parsed = parseCaseLine(COMPLIANCE_CASES[i % COMPLIANCE_CASES.length]!);
    if (!parsed.ok) throw new Error(`bench compliance case does not parse: ${parsed.error}`);
    decide(parsed.value.complianceCase, parsed.value.atMs ?? 0, ctx);
  });
}

export function benchIntents(load: () => Understand, budgetMs: number): { loadMs: number; microsPerUtterance: number } {
  const t0 = performance.now();
  const understand = load();
  const loadMs = performance.now() - t0;
  const now = new Date('2026-03-10T15:00:00Z');
  const rate = perSecond(budgetMs, 5_000_000, (i) => {
    const u = UTTERANCES[i % UTTERANCES.length]!;
    understand(u.text, { lang: u.lang, now, timeZone: u.lang === 'en' ? 'America/New_York' : 'Asia/Shanghai' });
  });
  return { loadMs, microsPerUtterance: 1e6 / rate };
}

export function benchPacingSim(simulatedHours: number): { wallMs: number; dials: number } {
  const scenario = referenceScenario({ agents: 20, seed: 1, durationHours: simulatedHours });
  const t0 = performance.now();
  const result = simulate(scenario);
  return { wallMs: performance.now() - t0, dials: result.metrics.dials };
}

export function runMicroBenches(deps: { complianceContext: ComplianceContext; loadUnderstand: () => Understand; budgetMs: number; simulatedHours: number }): MicroBenchReport {
  const compliance = benchCompliance(deps.complianceContext, deps.budgetMs);
  const intents = benchIntents(deps.loadUnderstand, deps.budgetMs);
  const sim = benchPacingSim(deps.simulatedHours);
  return {
    complianceDecisionsPerSecond: round(compliance, 0),
    intentLoadMs: round(intents.loadMs, 0),
    intentMicrosPerUtterance: round(intents.microsPerUtterance, 1),
    pacingSim: {
      simulatedHours: deps.simulatedHours,
      wallMs: round(sim.wallMs, 0),
      simulatedSecondsPerWallSecond: round((deps.simulatedHours * 3600) / (sim.wallMs / 1000), 0),
      dials: sim.dials,
    },
  };
}
