/** Shared by the sim-bar-*.test.ts files: runs the reference scenario of pacing.md over several seeds. */
import { expect } from 'vitest';
import { simulate, type SimMetrics } from '../../../src/domain/pacing/sim/simulate.ts';
import { referenceScenario } from '../../../src/domain/pacing/sim/scenario.ts';

/** pacing.md, N agents, p = 0.2, H = 180 s, utilisation at ≤ 3 % abandonment. */
export const REFERENCE = {
  5: { progressive: 0.667, ratio: 0.667, lookahead: 0.748 },
  20: { progressive: 0.668, ratio: 0.868, lookahead: 0.882 },
  50: { progressive: 0.664, ratio: 0.923, lookahead: 0.933 },
} as const;

export const SEEDS = [1, 2, 3];

export function runBar(agents: 5 | 20 | 50): SimMetrics[] {
  const runs = SEEDS.map((seed) => simulate(referenceScenario({ agents, seed })).metrics);
  const mean = runs.reduce((a, m) => a + m.utilization, 0) / runs.length;
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  // The figures for the report, next to pacing.md's table.
  console.log(
    `N=${agents}: predictive utilisation ${runs.map((m) => pct(m.utilization)).join(' / ')} (mean ${pct(mean)}), ` +
      `abandonment ${runs.map((m) => pct(m.abandonment)).join(' / ')}, max 30-day ${runs.map((m) => pct(m.abandonmentMax30d)).join(' / ')}; ` +
      `pacing.md ratio ${pct(REFERENCE[agents].ratio)}, lookahead ${pct(REFERENCE[agents].lookahead)}`,
  );
  for (const m of runs) {
    expect(m.abandonment).toBeLessThanOrEqual(0.03);
    expect(m.abandonmentMax30d).toBeLessThanOrEqual(0.03);
    expect(m.simulatedSeconds).toBe(8 * 3600);
  }
  return runs;
}

export const meanUtilization = (runs: readonly SimMetrics[]): number => runs.reduce((a, m) => a + m.utilization, 0) / runs.length;
