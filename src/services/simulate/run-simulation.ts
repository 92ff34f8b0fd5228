import { scaledClock } from '../../adapters/clock/clocks.ts';
import { loadShippedScript } from '../../adapters/conversation/file-script-loader.ts';
import { migrate } from '../../adapters/db/migrate.ts';
import { openPgliteSql } from '../../adapters/db/pglite-sql.ts';
import { createAttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import { EslMediaControl } from '../../adapters/esl/esl-media-control.ts';
import { loadUnderstand } from '../../adapters/intents/load-intent-models.ts';
import type { Logger } from '../../adapters/log/logger.ts';
import { createMemoryHotState } from '../../adapters/memory/memory-hot-state.ts';
import { emptyAbandonmentWindow, recordAbandon, recordLiveAnswer, windowRates } from '../../domain/pacing/abandonment-window.ts';
import { gamma, mulberry32 } from '../../domain/pacing/sim/prng.ts';
import type { Scenario } from '../../domain/pacing/sim/scenario.ts';
import type { SimMetrics } from '../../domain/pacing/sim/simulate.ts';
import { parsePopulation, startLab } from '../../lab/index.ts';
import { createSimulatedAgentDesk } from '../agents/simulated-agent-desk.ts';
import { robotJobFor } from '../dialer/build-plan.ts';
import type { CallResult } from '../dialer/call-job.ts';
import { CampaignRunner } from '../dialer/campaign-runner.ts';
import type { DialGate } from '../dialer/dial-gate.ts';
import { DEFAULT_RETRY_POLICY } from '../dialer/retry-policy.ts';
import { seedSimulationAccounts } from './seed-accounts.ts';

/** The pure simulator's metrics (same JSON shape), plus how long the run took. */
export interface SimulationMetrics extends SimMetrics {
  readonly realSeconds: number;
  readonly speed: number;
}

const START_MS = Date.parse('2026-03-03T14:00:00Z');

/**
 * A pacing what-if on the real stack: the campaign runner and pacer drive the real ESL adapter against the
 * lab over TCP, all on one scaled clock. Compliance is not part of a pacing scenario, so the gate admits every
 * candidate (documented in docs/pacing.md); everything else is the production path.
 */
const admitAll: DialGate = {
  admit: () => Promise.resolve({ decision: { allowed: true, blockedBy: [], rules: [], nextEligibleAtMs: null, profile: 'simulation' }, release: () => Promise.resolve() }),
};

export async function runSimulation(s: Scenario, opts: { speed: number; logger: Logger; onProgress?: (line: string) => void }): Promise<SimulationMetrics> {
  const clock = scaledClock(opts.speed, START_MS);
  const realStart = performance.now();
  const rng = mulberry32(s.seed);
  const p = s.population;
  const population = parsePopulation(JSON.stringify({
    seed: s.seed,
    statistics: {
      liveAnswerProbability: p.liveAnswerProbability, machineShare: 0,
      answerDelay: { minMs: p.answerDelaySeconds.uniform[0] * 1000, maxMs: p.answerDelaySeconds.uniform[1] * 1000 },
      failFastShare: p.failFastShare, failFastSeconds: p.failFastSeconds, failFastCauses: ['busy'], ringOutSeconds: p.ringOutSeconds,
      // Agents end the calls (their handle time); the callee stays on the line until then.
      handleTime: { fixedMs: 3_600_000 },
    },
  }));
  const lab = await startLab({ eslPort: 0, population, clock, maxSessions: s.lines + 50, sps: Math.max(s.cps, 1) });
  const trunk = { name: 'sim', dialString: 'sofia/gateway/sim/{number}', maxLines: s.lines, cps: s.cps };
  const media = new EslMediaControl({ nodes: [{ name: 'lab', host: '127.0.0.1', port: lab.eslPort }], password: 'ClueCon', commandTimeoutMs: 30_000 * opts.speed, reconnectMaxMs: 5000, trunks: [trunk], clock });
  await media.start();
  const sql = await openPgliteSql();
  await migrate(sql);
  const expectedDials = Math.ceil(((Math.max(s.agents, 1) * s.durationHours * 3600) / s.handleTimeSeconds.gamma.mean / p.liveAnswerProbability) * 1.5) + 200;
  await seedSimulationAccounts(sql, Math.min(expectedDials, 150_000));
  const { shape, mean } = s.handleTimeSeconds.gamma;
  const desk = s.agents > 0 ? createSimulatedAgentDesk(clock, s.agents, () => gamma(rng, shape, (mean * 1000) / shape)) : undefined;
  const hot = createMemoryHotState(clock);
  const attempts = createAttemptsRepo(sql);
  const [en, zh] = await Promise.all([loadShippedScript('collections-en'), loadShippedScript('collections-zh')]);
  const company = { companyName: 'Acme Recovery', contactName: 'Sam Lee', callbackNumber: '800-555-0100' };
  const runner = new CampaignRunner({
    sql, attempts, hot, clock, logger: opts.logger, gate: admitAll, dialerId: 'sim', tickMs: 1000, leaseTtlMs: 60_000,
    ...(desk ? { agentDesk: desk } : {}),
    call: { media, attempts, hot, clock, logger: opts.logger, understand: loadUnderstand(['en']), ttsVoice: 'kal', maxCallMs: 3 * 3600_000, abandonGraceMs: s.abandonGraceSeconds * 1000, abandonedMessage: () => 'Sorry we missed you. Please call 800 555 0100.' },
  }, {
    campaignId: 'sim', profile: 'us', channel: s.mode === 'agentless' ? 'robot' : 'agent', filter: {}, trunk, node: { name: 'lab', maxLines: s.lines },
    callerIdNumber: '18005550100', ringTimeoutMs: Math.max(15_000, p.ringOutSeconds * 1000), detectMachine: false, recordCalls: false,
    pacing: { mode: s.mode, targetAbandonment: s.targetAbandonment, minAgentsForPredictive: s.minAgentsForPredictive, abandonGraceMs: s.abandonGraceSeconds * 1000 },
    retry: DEFAULT_RETRY_POLICY, jobFor: robotJobFor({ en, zh }, { en: company, zh: company }),
  });
  await sql.query(`INSERT INTO campaigns (campaign_id, name, status, script_id, profile, pacing_mode) VALUES ('sim', 'simulation', 'running', 'collections-en', 'us', $1)`, [s.mode]);
  runner.start();
  const endAt = START_MS + s.durationHours * 3600_000;
  while (clock.now() < endAt) {
    await new Promise((resolve) => clock.setTimer(() => resolve(undefined), Math.min(600_000, endAt - clock.now())));
    opts.onProgress?.(`${((clock.now() - START_MS) / 3600_000).toFixed(2)} h: dials ${runner.stats.dials}, live ${runner.stats.liveAnswers}, abandoned ${runner.stats.abandoned}, in flight ${runner.stats.inFlight}`);
  }
  const measuredUntil = clock.now();
  await runner.stop(1000);
  desk?.close();
  const metrics = summarize(runner.stats.results, s, measuredUntil - START_MS, performance.now() - realStart, opts.speed);
  await media.close();
  await lab.close();
  await sql.close();
  return metrics;
}

/** Metrics by pacing.md's definitions, over calls that ended inside the simulated period. */
function summarize(results: readonly CallResult[], s: Scenario, simulatedMs: number, realMs: number, speed: number): SimulationMetrics {
  const inPeriod = results.filter((r) => r.endedAtMs <= START_MS + simulatedMs);
  let window = emptyAbandonmentWindow();
  let max30d = 0;
  for (const r of [...inPeriod].sort((a, b) => a.endedAtMs - b.endedAtMs)) {
    if (!r.liveAnswer) continue;
    window = recordLiveAnswer(window, r.endedAtMs);
    if (r.abandoned) window = recordAbandon(window, r.endedAtMs);
    max30d = Math.max(max30d, windowRates(window, r.endedAtMs).d30.rate);
  }
  const live = inPeriod.filter((r) => r.liveAnswer).length;
  const abandoned = inPeriod.filter((r) => r.abandoned).length;
  const talkMs = inPeriod.reduce((n, r) => n + (r.handleMs ?? 0), 0);
  const lineMs = inPeriod.reduce((n, r) => n + (r.dialedAtMs !== undefined ? r.endedAtMs - r.dialedAtMs : 0), 0);
  const seconds = simulatedMs / 1000;
  return {
    utilization: s.agents > 0 ? talkMs / 1000 / (s.agents * seconds) : 0,
    lineUtilization: lineMs / 1000 / (s.lines * seconds),
    abandonment: live > 0 ? abandoned / live : 0,
    abandonmentMax30d: max30d,
    dials: results.length,
    liveAnswers: live,
    abandoned,
    agentTalkSeconds: talkMs / 1000,
    simulatedSeconds: seconds,
    realSeconds: realMs / 1000,
    speed,
  };
}
