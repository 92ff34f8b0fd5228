/** Figures of a capacity run, computed from what the driver recorded (docs/bench.md defines each one). */
import type { CallResult } from '../dialer/call-job.ts';
import type { InstrumentedMediaControl } from './instrumented-media-control.ts';
import { median, percentile, round } from './stats.ts';

export interface RunTrace {
  startedAtMs: number;
  endedAtMs: number;
  /** The end of the period on the epoch clock the call results use. */
  endedAtEpochMs: number;
  /** Wall time over which cpuMicros was measured (period plus drain). */
  cpuWallMs: number;
  readonly samples: { readonly atMs: number; readonly inFlight: number; readonly live: number }[];
  readonly results: CallResult[];
  errors: number;
  started: number;
  cpuMicros: number;
  rssBefore: number;
  heapBefore: number;
  rssPeak: number;
  rssAtEnd: number;
  heapAtEnd: number;
  reachedTargetAtMs: number | undefined;
  drainedAll: boolean;
  /** CPU the lab process used during the run (to tell whether the stand-in, not the controller, was the limit). */
  labCpuMs: number | undefined;
}

export interface LatencyFigures {
  readonly samples: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

export interface CapacityReport {
  readonly target: { readonly calls: number; readonly cps: number; readonly holdSeconds: number; readonly seconds: number };
  readonly rampUpSeconds: number | null;
  readonly steadyWindowSeconds: number | null;
  readonly sustainedConcurrentCalls: number | null;
  readonly sustainedTalkingCalls: number | null;
  readonly peakConcurrentCalls: number;
  readonly originationsPerSecond: number | null;
  readonly originationsPerSecondOverall: number | null;
  /** While ramping up to the target: how close the controller came to the requested rate. */
  readonly originationsPerSecondRamp: number | null;
  readonly callsStarted: number;
  readonly callsEnded: number;
  readonly attemptsStored: number;
  readonly errors: number;
  readonly originateRejections: number;
  readonly meanCallSeconds: number | null;
  readonly dispositions: Readonly<Record<string, number>>;
  readonly eventToCommandMs: LatencyFigures & { readonly byEvent: Readonly<Record<string, LatencyFigures>> };
  readonly cpu: { readonly totalMs: number | null; readonly msPerCall: number | null; readonly msPerCallSecond: number | null; readonly percentOfOneCore: number | null; readonly labPercentOfOneCore: number | null };
  readonly memory: { readonly rssBeforeMb: number | null; readonly rssPeakMb: number | null; readonly rssPerCallKb: number | null; readonly heapPerCallKb: number | null };
  readonly drainedAll: boolean;
}

function latency(values: readonly number[]): LatencyFigures {
  return {
    samples: values.length,
    p50: round(percentile(values, 50), 3),
    p95: round(percentile(values, 95), 3),
    p99: round(percentile(values, 99), 3),
    max: round(values.length ? Math.max(...values) : undefined, 3),
  };
}

/**
 * The steady window starts when the target concurrency was first reached (or, if it never was, after the
 * ramp the rate allows: calls / cps seconds). If that leaves under 2 s, the second half of the run is used.
 */
function steadyStart(o: { calls: number; cps: number }, t: RunTrace): number {
  const ramp = t.reachedTargetAtMs ?? t.startedAtMs + (o.calls / o.cps) * 1000;
  return ramp < t.endedAtMs - 2000 ? ramp : t.startedAtMs + (t.endedAtMs - t.startedAtMs) / 2;
}

export function summarizeCapacity(
  o: { calls: number; cps: number; holdSeconds: number; seconds: number },
  t: RunTrace,
  media: InstrumentedMediaControl,
  attemptsStored: number,
): CapacityReport {
  const from = steadyStart(o, t);
  const steady = t.samples.filter((s) => s.atMs >= from && s.atMs <= t.endedAtMs);
  const windowS = (t.endedAtMs - from) / 1000;
  const sustained = median(steady.map((s) => s.inFlight));
  const originatedInWindow = media.originatedAtMs.filter((at) => at >= from && at <= t.endedAtMs).length;
  const originatedInRun = media.originatedAtMs.filter((at) => at <= t.endedAtMs).length;
  const rampEnd = t.reachedTargetAtMs ?? t.endedAtMs;
  const originatedInRamp = media.originatedAtMs.filter((at) => at <= rampEnd).length;
  const rampS = (rampEnd - t.startedAtMs) / 1000;
  // Mean length of calls that ended on their own inside the period (not the ones hung up at its end).
  const natural = t.results.filter((r) => r.answered && r.dialedAtMs !== undefined && r.endedAtMs <= t.endedAtEpochMs);
  const talkSeconds = natural.map((r) => (r.endedAtMs - (r.dialedAtMs ?? r.endedAtMs)) / 1000);
  // Channel time the controller carried: every dialled call from originate to its end (incl. the drain).
  const callSeconds = t.results.reduce((sum, r) => sum + (r.dialedAtMs !== undefined ? (r.endedAtMs - r.dialedAtMs) / 1000 : 0), 0);
  const dispositions: Record<string, number> = {};
  for (const r of t.results) dispositions[r.disposition] = (dispositions[r.disposition] ?? 0) + 1;
  const byType = new Map<string, number[]>();
  for (const s of media.samples) byType.set(s.eventType, [...(byType.get(s.eventType) ?? []), s.latencyMs]);
  const mb = (bytes: number) => round(bytes / 1048576, 1);
  return {
    target: { ...o },
    rampUpSeconds: t.reachedTargetAtMs === undefined ? null : round((t.reachedTargetAtMs - t.startedAtMs) / 1000, 1),
    steadyWindowSeconds: round(windowS, 1),
    sustainedConcurrentCalls: round(sustained, 1),
    sustainedTalkingCalls: round(median(steady.map((s) => s.live)), 1),
    peakConcurrentCalls: Math.max(0, ...t.samples.map((s) => s.inFlight)),
    originationsPerSecond: round(windowS > 0 ? originatedInWindow / windowS : undefined, 2),
    originationsPerSecondRamp: round(rampS > 0 ? originatedInRamp / rampS : undefined, 2),
    originationsPerSecondOverall: round(originatedInRun / ((t.endedAtMs - t.startedAtMs) / 1000), 2),
    callsStarted: t.started,
    callsEnded: t.results.length,
    attemptsStored,
    errors: t.errors,
    originateRejections: media.originateRejections,
    meanCallSeconds: round(talkSeconds.length ? talkSeconds.reduce((a, b) => a + b, 0) / talkSeconds.length : undefined, 1),
    dispositions,
    eventToCommandMs: { ...latency(media.samples.map((s) => s.latencyMs)), byEvent: Object.fromEntries([...byType].map(([k, v]) => [k, latency(v)])) },
    cpu: {
      totalMs: round(t.cpuMicros / 1000, 0),
      msPerCall: round(t.started > 0 ? t.cpuMicros / 1000 / t.started : undefined, 2),
      msPerCallSecond: round(callSeconds > 0 ? t.cpuMicros / 1000 / callSeconds : undefined, 3),
      percentOfOneCore: round((t.cpuMicros / 1000 / t.cpuWallMs) * 100, 1),
      labPercentOfOneCore: round(t.labCpuMs === undefined ? undefined : (t.labCpuMs / t.cpuWallMs) * 100, 1),
    },
    memory: {
      rssBeforeMb: mb(t.rssBefore),
      rssPeakMb: mb(t.rssPeak),
      rssPerCallKb: round(sustained ? (t.rssAtEnd - t.rssBefore) / 1024 / sustained : undefined, 1),
      heapPerCallKb: round(sustained ? (t.heapAtEnd - t.heapBefore) / 1024 / sustained : undefined, 1),
    },
    drainedAll: t.drainedAll,
  };
}
