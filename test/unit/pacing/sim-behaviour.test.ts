import { describe, expect, it } from 'vitest';
import { simulate } from '../../../src/domain/pacing/sim/simulate.ts';
import { parseScenario, referenceScenario, ScenarioError } from '../../../src/domain/pacing/sim/scenario.ts';

describe('pacing simulator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = simulate(referenceScenario({ agents: 10, seed: 4, durationHours: 1 })).metrics;
    const b = simulate(referenceScenario({ agents: 10, seed: 4, durationHours: 1 })).metrics;
    const c = simulate(referenceScenario({ agents: 10, seed: 5, durationHours: 1 })).metrics;
    expect(b).toEqual(a);
    expect(c.dials).not.toBe(a.dials);
  });

  it('progressive matches the closed form of pacing.md (66.4 % at p = 0.2) and never abandons', () => {
    const m = simulate(referenceScenario({ agents: 20, seed: 1, mode: 'progressive' })).metrics;
    expect(m.utilization).toBeGreaterThan(0.64);
    expect(m.utilization).toBeLessThan(0.69);
    expect(m.abandoned).toBe(0);
    expect(Object.keys(m)).toEqual([
      'utilization',
      'lineUtilization',
      'abandonment',
      'abandonmentMax30d',
      'dials',
      'liveAnswers',
      'abandoned',
      'agentTalkSeconds',
      'simulatedSeconds',
    ]);
  });

  it('predictive never exceeds the lines or the CPS limit', () => {
    const r = simulate(referenceScenario({ agents: 20, seed: 2, durationHours: 2, lines: 30, cps: 2 }));
    expect(r.diagnostics.maxLinesInUse).toBeLessThanOrEqual(30);
    expect(r.diagnostics.maxDialsInOneSecond).toBeLessThanOrEqual(2);
    // The caps were binding, so the test means something.
    expect(r.diagnostics.maxLinesInUse).toBe(30);
    expect(r.diagnostics.maxDialsInOneSecond).toBe(2);
  });

  it('falls back to progressive below the agent threshold (and so never abandons)', () => {
    const r = simulate(referenceScenario({ agents: 3, seed: 3, durationHours: 2, minAgentsForPredictive: 4 }));
    expect(Object.keys(r.diagnostics.decisionsByAppliedMode)).toEqual(['progressive']);
    expect(r.metrics.abandoned).toBe(0);
  });

  it('agentless keeps the lines ≥ 95 % busy without exceeding them', () => {
    const r = simulate(referenceScenario({ agents: 0, seed: 1, mode: 'agentless', lines: 60, cps: 10, durationHours: 2 }));
    expect(r.metrics.lineUtilization).toBeGreaterThanOrEqual(0.95);
    expect(r.diagnostics.maxLinesInUse).toBeLessThanOrEqual(60);
    expect(r.metrics.abandoned).toBe(0);
  });

  it('follows drift it is not told about: p 0.20 → 0.10 and H 180 → 240 s after 3 h', () => {
    const r = simulate(
      referenceScenario({ agents: 20, seed: 6, durationHours: 6, drift: [{ atHours: 3, liveAnswerProbability: 0.1, handleTimeMeanSeconds: 240 }] }),
    );
    const at = (hours: number) => r.diagnostics.estimateTrace.find((t) => t.atMs - r.diagnostics.estimateTrace[0]!.atMs >= hours * 3_600_000)!;
    const before = at(2.9);
    const after = at(5.5);
    expect(before.estimatedP).toBeGreaterThan(0.16);
    expect(before.estimatedP).toBeLessThan(0.24);
    expect(after.trueP).toBe(0.1);
    expect(after.estimatedP).toBeGreaterThan(0.07);
    expect(after.estimatedP).toBeLessThan(0.13);
    expect(after.estimatedHandleS).toBeGreaterThan(200);
    expect(r.metrics.abandonmentMax30d).toBeLessThanOrEqual(0.03);
    expect(r.metrics.utilization).toBeGreaterThan(0.75);
  }, 120_000);

  it('keeps the 30-day rate under target when earlier days already sit near it', () => {
    const history = Array.from({ length: 10 }, (_, i) => ({ daysAgo: i + 1, liveAnswers: 300, abandoned: 8 }));
    const r = simulate(referenceScenario({ agents: 20, seed: 8, durationHours: 4, history }));
    expect(r.metrics.abandonmentMax30d).toBeLessThanOrEqual(0.03);
    expect(r.metrics.abandoned).toBeGreaterThan(0);
  }, 120_000);

  it('rejects a bad scenario naming each problem', () => {
    expect(() => parseScenario({ mode: 'turbo', agents: -1 })).toThrow(ScenarioError);
    try {
      parseScenario({ ...referenceScenario({ agents: 5, seed: 1 }), agents: -1, population: { liveAnswerProbability: 2 } });
    } catch (err) {
      expect((err as ScenarioError).code).toBe('SCENARIO_INVALID');
      expect((err as Error).message).toMatch(/agents/);
      expect((err as Error).message).toMatch(/population\.liveAnswerProbability/);
    }
    expect.assertions(4);
  });
});
