import { emptyAbandonmentWindow, recordAbandon, recordLiveAnswer, windowRates } from '../../domain/pacing/abandonment-window.ts';
import type { Scenario } from '../../domain/pacing/sim/scenario.ts';
import type { SimMetrics } from '../../domain/pacing/sim/simulate.ts';
import type { CallResult } from '../dialer/call-job.ts';

/** The pure simulator's metrics (same JSON shape), plus how long the run took. */
export interface SimulationMetrics extends SimMetrics {
  readonly realSeconds: number;
  /** Simulated seconds per real second achieved (virtual clock) or asked for (scaled clock). */
  readonly speed: number;
  readonly clock: 'virtual' | 'scaled';
  /** Agent utilisation in each hour of the run (the first hour carries the warm-up). */
  readonly utilizationByHour: readonly number[];
  /**
   * Event-loop delay, in simulated seconds (real delay × speed): how late timers and events ran. The lab,
   * the desk's 2 s grace and the pacer all share one loop, so a p99 near the grace means the speed is too
   * high for this scenario on this machine and the figures are not to be trusted. On the virtual clock time
   * stands still while the loop is busy: no distortion there, reported as 0.
   */
  readonly loopDelaySimSeconds: { readonly p50: number; readonly p99: number; readonly max: number };
}

/** Agent time on calls per hour of the run ÷ agent time: shows the warm-up (estimates, empty 30-day window) apart from the steady state. */
function hourlyUtilization(talk: readonly { fromMs: number; toMs: number }[], agents: number, simulatedMs: number): number[] {
  const hours = Math.ceil(simulatedMs / 3600_000);
  const busy = new Array<number>(hours).fill(0);
  for (const t of talk) {
    for (let h = Math.max(0, Math.floor(t.fromMs / 3600_000)); h < hours && h * 3600_000 < t.toMs; h++) {
      busy[h] = (busy[h] ?? 0) + Math.max(0, Math.min(t.toMs, (h + 1) * 3600_000, simulatedMs) - Math.max(t.fromMs, h * 3600_000));
    }
  }
  return busy.map((ms, h) => (agents > 0 ? ms / (agents * (Math.min(simulatedMs, (h + 1) * 3600_000) - h * 3600_000)) : 0));
}

/** Metrics by pacing.md's definitions, over calls that ended inside the simulated period. */
export function summarizeSimulation(results: readonly CallResult[], s: Scenario, startAt: number, simulatedMs: number, realMs: number, speed: number, inProgressElapsedMs: readonly number[]): Omit<SimulationMetrics, 'loopDelaySimSeconds' | 'clock'> {
  const inPeriod = results.filter((r) => r.endedAtMs <= startAt + simulatedMs);
  let window = emptyAbandonmentWindow();
  let max30d = 0;
  // The ledger at every moment of the run: a live answer counts from its answer, an abandon from the end of
  // its grace (not from when the call ended: a handled call ends minutes after its answer).
  const events: { atMs: number; abandon: boolean }[] = [];
  for (const r of inPeriod) {
    if (!r.liveAnswer || r.dialedAtMs === undefined || r.answerDelayMs === undefined) continue;
    const answeredAt = r.dialedAtMs + r.answerDelayMs;
    events.push({ atMs: answeredAt, abandon: false });
    if (r.abandoned) events.push({ atMs: answeredAt + s.abandonGraceSeconds * 1000, abandon: true });
  }
  for (const e of events.sort((a, b) => a.atMs - b.atMs || Number(a.abandon) - Number(b.abandon))) {
    window = e.abandon ? recordAbandon(window, e.atMs) : recordLiveAnswer(window, e.atMs);
    max30d = Math.max(max30d, windowRates(window, e.atMs).d30.rate);
  }
  const live = inPeriod.filter((r) => r.liveAnswer).length;
  const abandoned = inPeriod.filter((r) => r.abandoned).length;
  // Talk intervals relative to the start: ended calls (end − handle time) and calls still with an agent.
  const talk = [
    ...inPeriod.flatMap((r) => (r.handleMs !== undefined ? [{ fromMs: r.endedAtMs - startAt - r.handleMs, toMs: r.endedAtMs - startAt }] : [])),
    ...inProgressElapsedMs.map((e) => ({ fromMs: simulatedMs - e, toMs: simulatedMs })),
  ];
  const talkMs = talk.reduce((n, t) => n + (t.toMs - t.fromMs), 0);
  const lineMs = inPeriod.reduce((n, r) => n + (r.dialedAtMs !== undefined ? r.endedAtMs - r.dialedAtMs : 0), 0);
  const seconds = simulatedMs / 1000;
  return {
    utilization: s.agents > 0 ? talkMs / 1000 / (s.agents * seconds) : 0,
    utilizationByHour: hourlyUtilization(talk, s.agents, simulatedMs),
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
