/**
 * `recollect bench capacity`: the real controller (ESL adapter, call runners with the robot conversation,
 * intent understanding, PGlite store, in-memory hot state) against the lab in a separate process, on the
 * real clock, holding a target number of concurrent calls at a bounded origination rate. See docs/bench.md.
 */
import { realClock } from '../../adapters/clock/clocks.ts';
import { loadShippedScript } from '../../adapters/conversation/file-script-loader.ts';
import { migrate } from '../../adapters/db/migrate.ts';
import { openPgliteSql } from '../../adapters/db/pglite-sql.ts';
import { createAttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import { EslMediaControl } from '../../adapters/esl/esl-media-control.ts';
import { loadUnderstand } from '../../adapters/intents/load-intent-models.ts';
import type { Logger } from '../../adapters/log/logger.ts';
import { createMemoryHotState } from '../../adapters/memory/memory-hot-state.ts';
import type { Sql } from '../../ports/sql.ts';
import type { CallRunnerDeps } from '../dialer/call-runner.ts';
import { BENCH_TRUNK, benchPopulationText, seedBenchAccount } from './bench-calls.ts';
import { CapacityDriver } from './capacity-driver.ts';
import { InstrumentedMediaControl } from './instrumented-media-control.ts';
import { spawnLabProcess, type LabProcess } from './lab-process.ts';
import { summarizeCapacity, type CapacityReport } from './capacity-report.ts';

export interface CapacityOptions {
  /** Target concurrent calls. */
  readonly calls: number;
  /** Originations per second, at most. */
  readonly cps: number;
  /** The callee hangs up after this long if the robot has not ended the call. */
  readonly holdSeconds: number;
  /** How long new calls are started (the measurement period). */
  readonly seconds: number;
}

export interface CapacityHooks {
  readonly logger: Logger;
  readonly onProgress?: (line: string) => void;
  /** Called as soon as the child exists, with a synchronous kill (for SIGINT handlers and exit hooks). */
  readonly onLabSpawned?: (killNow: () => void) => void;
  /** Called once the child listens. */
  readonly onLabStarted?: (lab: LabProcess) => void;
}

export function validateCapacityOptions(o: CapacityOptions): void {
  const bad = (name: string, v: number, min: number, max: number) =>
    !Number.isFinite(v) || v < min || v > max ? `${name} must be a number from ${min} to ${max}, got ${v}` : undefined;
  const problem =
    bad('--calls', o.calls, 1, 5000) ?? bad('--cps', o.cps, 0.1, 1000) ?? bad('--hold-seconds', o.holdSeconds, 1, 3600) ?? bad('--seconds', o.seconds, 1, 3600);
  if (problem) throw new RangeError(problem);
  if (!Number.isInteger(o.calls)) throw new RangeError(`--calls must be a whole number, got ${o.calls}`);
}

export async function runCapacityBench(o: CapacityOptions, hooks: CapacityHooks): Promise<CapacityReport> {
  validateCapacityOptions(o);
  // The lab must not be the bottleneck: twice the target sessions and rate.
  const lab = await spawnLabProcess({ populationText: benchPopulationText(o.holdSeconds), maxSessions: o.calls * 2 + 50, sps: Math.ceil(o.cps * 2) + 10, ...(hooks.onLabSpawned ? { onSpawned: hooks.onLabSpawned } : {}) });
  hooks.onLabStarted?.(lab);
  let sql: Sql | undefined;
  const esl = new EslMediaControl({
    nodes: [{ name: 'lab', host: '127.0.0.1', port: lab.eslPort }],
    password: 'ClueCon',
    commandTimeoutMs: 10_000,
    reconnectMaxMs: 2000,
    // The driver below is the pacer; the adapter's own per-trunk guard (a strict sliding one-second window)
    // stays on with 20 % headroom, so launch jitter from the store writes does not trip it. Refusals are counted.
    trunks: [{ name: BENCH_TRUNK, dialString: `sofia/gateway/${BENCH_TRUNK}/{number}`, maxLines: o.calls, cps: Math.ceil(o.cps * 1.2) }],
    clock: realClock,
  });
  try {
    sql = await openPgliteSql();
    await migrate(sql);
    await seedBenchAccount(sql);
    await esl.start();
    const media = new InstrumentedMediaControl(esl);
    const attempts = createAttemptsRepo(sql);
    const hot = createMemoryHotState(realClock);
    const script = await loadShippedScript('collections-en');
    const callDeps: CallRunnerDeps = {
      media, attempts, hot, clock: realClock, logger: hooks.logger, understand: loadUnderstand(['en']), ttsVoice: 'kal',
      maxCallMs: (o.holdSeconds + 30) * 1000, abandonGraceMs: 2000, abandonedMessage: () => 'Sorry we missed you. Please call 800 555 0100.',
    };
    const trace = await new CapacityDriver(o, { callDeps, jobDeps: { attempts, hot, script, lineLimit: o.calls }, media, onProgress: hooks.onProgress, labCpuMs: () => lab.cpuMs() }).run();
    const [stored] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE status = 'ended'`);
    return summarizeCapacity(o, trace, media, stored?.n ?? 0);
  } finally {
    await esl.close().catch(() => undefined);
    await sql?.close().catch(() => undefined);
    await lab.stop();
  }
}
