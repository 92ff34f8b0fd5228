import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/domain/pacing/sim/scenario.ts';
import { resolveBehaviour } from '../../../src/lab/behaviour.ts';
import { parsePopulation } from '../../../src/lab/index.ts';
import { seededRng } from '../../../src/lab/rng.ts';
import { labStatisticsFor } from '../../../src/services/simulate/run-simulation.ts';

/**
 * `recollect simulate` runs the real stack against the lab: the lab's callees must reach a live person as
 * often as the scenario says (pacing.md: p of all dials; 25 % of the non-live fail fast, the rest ring out),
 * or the figures are for another campaign than the one in the table.
 */
describe('the lab population built for a simulate scenario', () => {
  it.each([0.2, 0.1, 0.35])('reaches a live person on p = %s of dials, with the scenario\'s fail-fast and ring-out shares', (p) => {
    const scenario = parseScenario({
      mode: 'predictive', agents: 20, lines: 200, targetAbandonment: 0.03, durationHours: 1, seed: 1,
      population: { liveAnswerProbability: p, answerDelaySeconds: { uniform: [4, 20] }, failFastShare: 0.25, failFastSeconds: 4, ringOutSeconds: 25 },
      handleTimeSeconds: { gamma: { shape: 2, mean: 180 } }, abandonGraceSeconds: 2,
    });
    const population = parsePopulation(JSON.stringify({ seed: 7, statistics: labStatisticsFor(scenario.population) }));
    const rng = seededRng(7);
    const n = 40_000;
    const counts = { live: 0, failFast: 0, ringOut: 0 };
    for (let i = 0; i < n; i++) {
      const b = resolveBehaviour(population, `1415555${String(i).padStart(4, '0')}`, rng);
      if (b.outcome === 'answer') {
        counts.live += 1;
        expect(b.answeredBy).toBe('human');
        expect(b.answerAfterMs).toBeGreaterThanOrEqual(4000);
        expect(b.answerAfterMs).toBeLessThanOrEqual(20000);
      } else if (b.outcome === 'noanswer') {
        counts.ringOut += 1;
        expect(b.ringOutMs).toBe(25_000);
      } else {
        counts.failFast += 1;
        expect(b.failAfterMs).toBe(4000);
      }
    }
    // 40 000 draws: the standard error of a share is under 0.25 percentage points.
    expect(counts.live / n).toBeCloseTo(p, 2);
    expect(counts.failFast / n).toBeCloseTo((1 - p) * 0.25, 2);
    expect(counts.ringOut / n).toBeCloseTo((1 - p) * 0.75, 2);
  });
});
