import { monitorEventLoopDelay } from 'node:perf_hooks';
import { scaledClock } from '../../adapters/clock/clocks.ts';
import { virtualClock } from '../../adapters/clock/virtual-clock.ts';
import { loadShippedScript } from '../../adapters/conversation/file-script-loader.ts';
import { migrate } from '../../adapters/db/migrate.ts';
import { openPgliteSql } from '../../adapters/db/pglite-sql.ts';
import { createAttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import { EslMediaControl } from '../../adapters/esl/esl-media-control.ts';
import { loadUnderstand } from '../../adapters/intents/load-intent-models.ts';
import type { Logger } from '../../adapters/log/logger.ts';
import { createMemoryHotState } from '../../adapters/memory/memory-hot-state.ts';
import { gamma, mulberry32 } from '../../domain/pacing/sim/prng.ts';
import type { Scenario } from '../../domain/pacing/sim/scenario.ts';
import { parsePopulation, startLab } from '../../lab/index.ts';
import { createSimulatedAgentDesk } from '../agents/simulated-agent-desk.ts';
import { robotJobFor } from '../dialer/build-plan.ts';
import { CampaignRunner } from '../dialer/campaign-runner.ts';
import type { DialGate } from '../dialer/dial-gate.ts';
import { DEFAULT_RETRY_POLICY } from '../dialer/retry-policy.ts';
import { seedSimulationAccounts } from './seed-accounts.ts';
import { summarizeSimulation, type SimulationMetrics } from './simulation-metrics.ts';

export type { SimulationMetrics } from './simulation-metrics.ts';

const START_MS = Date.parse('2026-03-03T14:00:00Z');

/**
 * A pacing what-if on the real stack: the campaign runner and pacer drive the real ESL adapter against the
 * lab over TCP, all on one scaled clock. Compliance is not part of a pacing scenario, so the gate admits every
 * candidate (documented in docs/pacing.md); everything else is the production path.
 */
const admitAll: DialGate = {
  admit: () => Promise.resolve({ decision: { allowed: true, blockedBy: [], rules: [], nextEligibleAtMs: null, profile: 'simulation' }, release: () => Promise.resolve() }),
};

/**
 * The lab population that behaves like the scenario's. The two read their shares differently: in a scenario
 * (pacing.md) p is the share of all dials reaching a live person and `failFastShare` a share of the non-live
 * ones; the lab draws fail-fast first, over all dials, and `liveAnswerProbability` among the rest. Passing the
 * numbers through unchanged simulated p × (1 − failFastShare), i.e. 0.15 instead of 0.2.
 */
export function labStatisticsFor(p: Scenario['population']): Record<string, unknown> {
  const failFastOfAll = (1 - p.liveAnswerProbability) * p.failFastShare;
  return {
    liveAnswerProbability: failFastOfAll < 1 ? p.liveAnswerProbability / (1 - failFastOfAll) : 0,
    machineShare: 0,
    answerDelay: { minMs: p.answerDelaySeconds.uniform[0] * 1000, maxMs: p.answerDelaySeconds.uniform[1] * 1000 },
    failFastShare: failFastOfAll,
    failFastSeconds: p.failFastSeconds,
    failFastCauses: ['busy'],
    ringOutSeconds: p.ringOutSeconds,
    // Agents end the calls (their handle time); the callee stays on the line until then.
    handleTime: { fixedMs: 3_600_000 },
  };
}

/**
 * `speed` omitted: the virtual clock (time advances with the work, at most `VIRTUAL_STEP_MS` per event-loop
 * turn — as fast as the machine allows and without late events). `speed` given: the wall clock × speed,
 * e.g. to watch a run; events are late when the loop is busy (see loopDelaySimSeconds).
 */
const VIRTUAL_STEP_MS = 10;

export async function runSimulation(s: Scenario, opts: { speed?: number; logger: Logger; onProgress?: (line: string) => void }): Promise<SimulationMetrics> {
  const virtual = opts.speed === undefined ? virtualClock(START_MS, VIRTUAL_STEP_MS) : undefined;
  virtual?.start();
  const clock = virtual ?? scaledClock(opts.speed ?? 1, START_MS);
  const speedForTimeouts = opts.speed ?? 1;
  const realStart = performance.now();
  const rng = mulberry32(s.seed);
  const p = s.population;
  const population = parsePopulation(JSON.stringify({ seed: s.seed, statistics: labStatisticsFor(s.population) }));
  const lab = await startLab({ eslPort: 0, population, clock, maxSessions: s.lines + 50, sps: Math.max(s.cps, 1) });
  const trunk = { name: 'sim', dialString: 'sofia/gateway/sim/{number}', maxLines: s.lines, cps: s.cps };
  const media = new EslMediaControl({ nodes: [{ name: 'lab', host: '127.0.0.1', port: lab.eslPort }], password: 'ClueCon', commandTimeoutMs: 30_000 * speedForTimeouts, reconnectMaxMs: 5000, trunks: [trunk], clock });
  await media.start();
  const sql = await openPgliteSql();
  await migrate(sql);
  // Enough accounts that the list never runs dry: agents' calls need 1/p dials per handle time; robot
  // lines can dial as often as the shortest attempt (fail-fast) allows.
  const seconds = s.durationHours * 3600;
  const expectedDials =
    Math.ceil(s.mode === 'agentless' ? (s.lines * seconds) / Math.max(1, p.failFastSeconds) : ((Math.max(s.agents, 1) * seconds) / s.handleTimeSeconds.gamma.mean / p.liveAnswerProbability) * 1.5) + 200;
  await seedSimulationAccounts(sql, Math.min(expectedDials, 150_000));
  const { shape, mean } = s.handleTimeSeconds.gamma;
  const desk = s.agents > 0 ? createSimulatedAgentDesk(clock, s.agents, () => gamma(rng, shape, (mean * 1000) / shape)) : undefined;
  const hot = createMemoryHotState(clock);
  const attempts = createAttemptsRepo(sql);
  const [en, zh] = await Promise.all([loadShippedScript('collections-en'), loadShippedScript('collections-zh')]);
  const company = { companyName: 'Acme Recovery', contactName: 'Sam Lee', callbackNumber: '800-555-0100' };
  const runner = new CampaignRunner({
    sql, attempts, hot, clock, logger: opts.logger, gate: admitAll, dialerId: 'sim', tickMs: 1000, leaseTtlMs: 60_000, keepResults: true,
    ...(desk ? { agentDesk: desk } : {}),
    call: { media, attempts, hot, clock, logger: opts.logger, understand: loadUnderstand(['en']), ttsVoice: 'kal', maxCallMs: 3 * 3600_000, abandonGraceMs: s.abandonGraceSeconds * 1000, abandonedMessage: () => 'Sorry we missed you. Please call 800 555 0100.' },
  }, {
    campaignId: 'sim', profile: 'us', channel: s.mode === 'agentless' ? 'robot' : 'agent', filter: {}, trunk, node: { name: 'lab', maxLines: s.lines },
    callerIdNumber: '18005550100', ringTimeoutMs: Math.max(15_000, p.ringOutSeconds * 1000), detectMachine: false, recordCalls: false,
    pacing: { mode: s.mode, targetAbandonment: s.targetAbandonment, minAgentsForPredictive: s.minAgentsForPredictive, abandonGraceMs: s.abandonGraceSeconds * 1000 },
    retry: DEFAULT_RETRY_POLICY, jobFor: robotJobFor({ en, zh }, { en: company, zh: company }),
  });
  await sql.query(`INSERT INTO campaigns (campaign_id, name, status, script_id, profile, pacing_mode) VALUES ('sim', 'simulation', 'running', 'collections-en', 'us', $1)`, [s.mode]);
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // The period starts when the runner does: setting up (store, seeding, lab, ESL login) may have taken
  // simulated time on the virtual clock, and none of it is the campaign's.
  const startAt = clock.now();
  runner.start();
  const endAt = startAt + s.durationHours * 3600_000;
  while (clock.now() < endAt) {
    await new Promise((resolve) => clock.setTimer(() => resolve(undefined), Math.min(600_000, endAt - clock.now())));
    const r = runner.stats.lastPacing?.reasoning;
    const pacing = r ? `; pacer ${r.appliedMode}${r.estimates ? `, p̂ ${r.estimates.liveAnswerProbability.toFixed(3)}, handle ${r.estimates.meanHandleSeconds.toFixed(0)} s` : ''}${r.marginalRiskLimit !== undefined ? `, risk limit ${r.marginalRiskLimit.toFixed(3)}` : ''}` : '';
    opts.onProgress?.(`${((clock.now() - startAt) / 3600_000).toFixed(2)} h: dials ${runner.stats.dials}, live ${runner.stats.liveAnswers}, abandoned ${runner.stats.abandoned}, in flight ${runner.stats.inFlight}, list shortfalls ${runner.stats.listShortfalls}${pacing}`);
  }
  const measuredUntil = Math.min(clock.now(), endAt);
  // Calls still with an agent at the end: their talk so far is agent time inside the period (as the pure
  // simulator counts it); they end after it and are not in the results used below.
  const inProgressElapsedMs = desk?.snapshot().busyElapsedMs ?? [];
  await runner.stop(1000);
  desk?.close();
  loopDelay.disable();
  const realMs = performance.now() - realStart;
  const speed = opts.speed ?? (measuredUntil - startAt) / Math.max(1, realMs);
  // The histogram's samples include its own 10 ms resolution: only the excess is delay.
  const simS = (ns: number): number => (virtual ? 0 : (Math.max(0, ns / 1e6 - 10) / 1000) * speed);
  const delay = { p50: simS(loopDelay.percentile(50)), p99: simS(loopDelay.percentile(99)), max: simS(loopDelay.max) };
  const metrics = { ...summarizeSimulation(runner.stats.results, s, startAt, measuredUntil - startAt, realMs, speed, inProgressElapsedMs), loopDelaySimSeconds: delay, clock: virtual ? ('virtual' as const) : ('scaled' as const) };
  await media.close();
  await lab.close();
  await sql.close();
  virtual?.stop();
  return metrics;
}
