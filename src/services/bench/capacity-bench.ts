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
import type { CallResult } from '../dialer/call-job.ts';
import { startCall, type CallHandle, type CallRunnerDeps } from '../dialer/call-runner.ts';
import { BENCH_TRUNK, benchPopulationText, prepareBenchJob, seedBenchAccount, type BenchJobDeps } from './bench-calls.ts';
import { memoryAfterGc } from './collect-garbage.ts';
import { InstrumentedMediaControl } from './instrumented-media-control.ts';
import { spawnLabProcess, type LabProcess } from './lab-process.ts';
import { summarizeCapacity, type CapacityReport, type RunTrace } from './capacity-report.ts';

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
  /** Called with the child once it listens, so the caller can kill it on SIGINT. */
  readonly onLabStarted?: (lab: LabProcess) => void;
}

/** The driver's tick: how often it refills origination tokens and tops up concurrency. */
const TICK_MS = 20;
const SAMPLE_MS = 1000;
/** After the period, calls still up are hung up; they get this long to end before the bench gives up on them. */
const DRAIN_MS = 15_000;

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
  const lab = await spawnLabProcess({ populationText: benchPopulationText(o.holdSeconds), maxSessions: o.calls * 2 + 50, sps: Math.ceil(o.cps * 2) + 10 });
  hooks.onLabStarted?.(lab);
  const sql = await openPgliteSql();
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
    const trace = await drive(o, { callDeps, jobDeps: { attempts, hot, script, lineLimit: o.calls }, media, onProgress: hooks.onProgress });
    const [stored] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE status = 'ended'`);
    return summarizeCapacity(o, trace, media, stored?.n ?? 0);
  } finally {
    await esl.close().catch(() => undefined);
    await sql.close().catch(() => undefined);
    await lab.stop();
  }
}

interface DriveDeps {
  readonly callDeps: CallRunnerDeps;
  readonly jobDeps: BenchJobDeps;
  readonly media: InstrumentedMediaControl;
  readonly onProgress: ((line: string) => void) | undefined;
}

/** Keeps `calls` runners in flight, starting at most `cps` per second, for `seconds`; then drains. */
async function drive(o: CapacityOptions, d: DriveDeps): Promise<RunTrace> {
  const handles = new Set<CallHandle>();
  const results: CallResult[] = [];
  const trace: RunTrace = {
    startedAtMs: performance.now(), endedAtMs: 0, endedAtEpochMs: 0, cpuWallMs: 0, samples: [], results, errors: 0, started: 0,
    cpuMicros: 0, rssBefore: 0, heapBefore: 0, rssPeak: 0, heapAtEnd: 0, rssAtEnd: 0, reachedTargetAtMs: undefined, drainedAll: true,
  };
  let inFlight = 0;
  let live = 0;
  let seq = 0;
  let tokens = 1;
  const mem0 = memoryAfterGc();
  trace.rssBefore = mem0.rss;
  trace.heapBefore = mem0.heapUsed;
  trace.rssPeak = mem0.rss;
  const cpu0 = process.cpuUsage();
  const launch = async (): Promise<void> => {
    const job = await prepareBenchJob(d.jobDeps, seq++, () => live++);
    if (!job) return;
    const handle = startCall(d.callDeps, job);
    handles.add(handle);
    trace.started++;
    const result = await handle.result;
    handles.delete(handle);
    if (result.answered) live--;
    results.push(result);
  };
  const sampler = setInterval(() => {
    const atMs = performance.now();
    trace.samples.push({ atMs, inFlight, live });
    trace.rssPeak = Math.max(trace.rssPeak, process.memoryUsage().rss);
    d.onProgress?.(`${((atMs - trace.startedAtMs) / 1000).toFixed(0)} s: in flight ${inFlight}, talking ${live}, started ${trace.started}, ended ${results.length}`);
  }, SAMPLE_MS);
  const endAt = trace.startedAtMs + o.seconds * 1000;
  let last = trace.startedAtMs;
  try {
    // Bounded by the wall clock: at most seconds*1000/TICK_MS iterations.
    while (performance.now() < endAt) {
      const now = performance.now();
      // Token bucket holding at most one tick's worth (and at least one call): originations are spread evenly,
      // never bunched after an idle stretch, so the adapter's sliding one-second CPS window is not tripped.
      tokens = Math.min(Math.max(1.5, (o.cps * TICK_MS) / 1000), tokens + ((now - last) / 1000) * o.cps);
      last = now;
      while (tokens >= 1 && inFlight < o.calls) {
        tokens--;
        inFlight++;
        launch().then(
          () => inFlight--,
          (err: unknown) => {
            inFlight--;
            trace.errors++;
            d.callDeps.logger.warn({ err: (err as Error).message }, 'bench call failed');
          },
        );
      }
      if (trace.reachedTargetAtMs === undefined && inFlight >= o.calls) trace.reachedTargetAtMs = now;
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  } finally {
    clearInterval(sampler);
  }
  trace.endedAtMs = performance.now();
  trace.endedAtEpochMs = Date.now();
  d.media.stopSampling();
  // Read while the calls are still up: the live set of `inFlight` calls.
  const mem1 = memoryAfterGc();
  trace.rssAtEnd = mem1.rss;
  trace.heapAtEnd = mem1.heapUsed;
  for (const handle of handles) handle.hangup('bench_end');
  const drainUntil = performance.now() + DRAIN_MS;
  while (inFlight > 0 && performance.now() < drainUntil) await new Promise((resolve) => setTimeout(resolve, 50));
  trace.drainedAll = inFlight === 0;
  const cpu = process.cpuUsage(cpu0);
  trace.cpuMicros = cpu.user + cpu.system;
  trace.cpuWallMs = performance.now() - trace.startedAtMs;
  return trace;
}
