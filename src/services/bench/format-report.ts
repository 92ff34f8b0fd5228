/** Plain-text renderings of the bench reports (the --json forms are the report objects themselves). */
import type { CapacityReport, LatencyFigures } from './capacity-report.ts';
import type { MicroBenchReport } from './micro-benches.ts';

const v = (x: number | null, unit = ''): string => (x === null ? 'n/a' : `${x}${unit}`);
const lat = (l: LatencyFigures): string => `p50 ${v(l.p50, ' ms')}  p95 ${v(l.p95, ' ms')}  p99 ${v(l.p99, ' ms')}  max ${v(l.max, ' ms')}  (${l.samples} samples)`;

export function formatCapacity(r: CapacityReport): string {
  const t = r.target;
  const byEvent = Object.entries(r.eventToCommandMs.byEvent).map(([type, l]) => `    after ${type.padEnd(18)} ${lat(l)}`);
  const dispositions = Object.entries(r.dispositions).map(([d, n]) => `${d} ${n}`).join(', ') || 'none';
  return [
    `capacity: target ${t.calls} concurrent calls at ≤ ${t.cps} originations/s, callee hold ≤ ${t.holdSeconds} s, ${t.seconds} s run (real clock, lab in a separate process)`,
    `  sustained concurrent calls  ${v(r.sustainedConcurrentCalls)} (median of 1 s samples over the last ${v(r.steadyWindowSeconds, ' s')}; talking ${v(r.sustainedTalkingCalls)}; peak ${r.peakConcurrentCalls}; ramp-up ${v(r.rampUpSeconds, ' s')})`,
    `  originations per second     ${v(r.originationsPerSecondRamp)} while ramping up, ${v(r.originationsPerSecond)} in the steady window, ${v(r.originationsPerSecondOverall)} over the run`,
    `  calls                       started ${r.callsStarted}, ended ${r.callsEnded}, attempts stored ${r.attemptsStored}, errors ${r.errors}, originate rejections ${r.originateRejections}, mean call ${v(r.meanCallSeconds, ' s')}`,
    `  dispositions                ${dispositions}`,
    `  event → command latency     ${lat(r.eventToCommandMs)}`,
    ...byEvent,
    `  controller CPU              ${v(r.cpu.msPerCallSecond, ' ms')} per call-second, ${v(r.cpu.msPerCall, ' ms')} per call, ${v(r.cpu.percentOfOneCore, ' %')} of one core (${v(r.cpu.totalMs, ' ms')} total); the lab process used ${v(r.cpu.labPercentOfOneCore, ' %')} of one core`,
    `  controller memory           RSS ${v(r.memory.rssBeforeMb, ' MB')} → peak ${v(r.memory.rssPeakMb, ' MB')}; ${v(r.memory.rssPerCallKb, ' KB')} RSS and ${v(r.memory.heapPerCallKb, ' KB')} heap per concurrent call`,
    ...(r.drainedAll ? [] : ['  warning: some calls did not end within the drain time after the run']),
  ].join('\n');
}

export function formatMicro(m: MicroBenchReport): string {
  return [
    'micro-benchmarks:',
    `  compliance decisions        ${v(m.complianceDecisionsPerSecond)} per second (parse a JSON case + decide, one core)`,
    `  intent understanding        ${v(m.intentMicrosPerUtterance, ' µs')} per utterance (EN+ZH models, load ${v(m.intentLoadMs, ' ms')})`,
    `  pacing simulator            ${m.pacingSim.simulatedHours} h of 20-agent predictive in ${v(m.pacingSim.wallMs, ' ms')} (${v(m.pacingSim.simulatedSecondsPerWallSecond)} simulated s per s, ${m.pacingSim.dials} dials)`,
  ].join('\n');
}
