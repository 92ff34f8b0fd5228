/**
 * The capacity bench's load generator: keeps `calls` call runners in flight, starting at most `cps` per
 * second, for `seconds` of wall time; samples concurrency every second; then hangs up what is left and
 * waits (bounded) for those calls to end. CPU and memory are read around it.
 */
import type { CallResult } from '../dialer/call-job.ts';
import { startCall, type CallHandle, type CallRunnerDeps } from '../dialer/call-runner.ts';
import { prepareBenchJob, type BenchJobDeps } from './bench-calls.ts';
import type { RunTrace } from './capacity-report.ts';
import { memoryAfterGc } from './collect-garbage.ts';
import type { InstrumentedMediaControl } from './instrumented-media-control.ts';

/** How often the driver refills origination tokens and tops up concurrency. */
const TICK_MS = 20;
const SAMPLE_MS = 1000;
/** After the period, calls still up are hung up; they get this long to end before the bench gives up on them. */
const DRAIN_MS = 15_000;

export interface DriverDeps {
  readonly callDeps: CallRunnerDeps;
  readonly jobDeps: BenchJobDeps;
  readonly media: InstrumentedMediaControl;
  readonly onProgress: ((line: string) => void) | undefined;
  /** The lab child's CPU so far, if readable. */
  readonly labCpuMs: () => number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class CapacityDriver {
  private readonly handles = new Set<CallHandle>();
  private readonly results: CallResult[] = [];
  private readonly trace: RunTrace;
  private inFlight = 0;
  private live = 0;
  private seq = 0;
  private tokens = 1;

  constructor(
    private readonly o: { readonly calls: number; readonly cps: number; readonly seconds: number },
    private readonly d: DriverDeps,
  ) {
    this.trace = {
      startedAtMs: 0, endedAtMs: 0, endedAtEpochMs: 0, cpuWallMs: 0, samples: [], results: this.results, errors: 0, started: 0,
      cpuMicros: 0, rssBefore: 0, heapBefore: 0, rssPeak: 0, heapAtEnd: 0, rssAtEnd: 0, reachedTargetAtMs: undefined, drainedAll: true, labCpuMs: undefined,
    };
  }

  async run(): Promise<RunTrace> {
    const { trace } = this;
    const mem0 = memoryAfterGc();
    trace.rssBefore = mem0.rss;
    trace.heapBefore = mem0.heapUsed;
    trace.rssPeak = mem0.rss;
    const cpu0 = process.cpuUsage();
    const labCpu0 = this.d.labCpuMs();
    trace.startedAtMs = performance.now();
    const sampler = setInterval(() => this.sample(), SAMPLE_MS);
    try {
      await this.load(trace.startedAtMs + this.o.seconds * 1000);
    } finally {
      clearInterval(sampler);
    }
    trace.endedAtMs = performance.now();
    trace.endedAtEpochMs = Date.now();
    this.d.media.stopSampling();
    // Read while the calls are still up: the live set of `inFlight` calls.
    const mem1 = memoryAfterGc();
    trace.rssAtEnd = mem1.rss;
    trace.heapAtEnd = mem1.heapUsed;
    await this.drain();
    const cpu = process.cpuUsage(cpu0);
    trace.cpuMicros = cpu.user + cpu.system;
    trace.cpuWallMs = performance.now() - trace.startedAtMs;
    const labCpu1 = this.d.labCpuMs();
    trace.labCpuMs = labCpu0 !== undefined && labCpu1 !== undefined ? labCpu1 - labCpu0 : undefined;
    return trace;
  }

  /** Bounded by the wall clock: at most seconds*1000/TICK_MS iterations. */
  private async load(endAt: number): Promise<void> {
    let last = performance.now();
    while (performance.now() < endAt) {
      const now = performance.now();
      // A token bucket holding at most 100 ms worth of calls (at least 1.5): originations stay spread out and
      // never bunch after an idle stretch, yet a tick delayed by a busy event loop does not lose its tokens.
      this.tokens = Math.min(Math.max(1.5, this.o.cps * 0.1), this.tokens + ((now - last) / 1000) * this.o.cps);
      last = now;
      while (this.tokens >= 1 && this.inFlight < this.o.calls) {
        this.tokens--;
        this.inFlight++;
        this.launch().then(
          () => this.inFlight--,
          (err: unknown) => {
            this.inFlight--;
            this.trace.errors++;
            this.d.callDeps.logger.warn({ err: (err as Error).message }, 'bench call failed');
          },
        );
      }
      if (this.trace.reachedTargetAtMs === undefined && this.inFlight >= this.o.calls) this.trace.reachedTargetAtMs = now;
      await sleep(TICK_MS);
    }
  }

  private async launch(): Promise<void> {
    const job = await prepareBenchJob(this.d.jobDeps, this.seq++, () => this.live++);
    if (!job) return;
    const handle = startCall(this.d.callDeps, job);
    this.handles.add(handle);
    this.trace.started++;
    const result = await handle.result;
    this.handles.delete(handle);
    if (result.answered) this.live--;
    this.results.push(result);
  }

  private sample(): void {
    const atMs = performance.now();
    const { trace, inFlight, live } = this;
    trace.samples.push({ atMs, inFlight, live });
    trace.rssPeak = Math.max(trace.rssPeak, process.memoryUsage().rss);
    this.d.onProgress?.(`${((atMs - trace.startedAtMs) / 1000).toFixed(0)} s: in flight ${inFlight}, talking ${live}, started ${trace.started}, ended ${this.results.length}`);
  }

  private async drain(): Promise<void> {
    for (const handle of this.handles) handle.hangup('bench_end');
    const drainUntil = performance.now() + DRAIN_MS;
    while (this.inFlight > 0 && performance.now() < drainUntil) await sleep(50);
    this.trace.drainedAll = this.inFlight === 0;
  }
}
