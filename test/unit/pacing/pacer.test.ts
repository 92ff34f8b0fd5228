import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createPacer, decidePacing, observePacing, PacingConfigError } from '../../../src/domain/pacing/pacer.ts';
import type { PacerState, PacingMode, PacingSnapshot } from '../../../src/domain/pacing/types.ts';
import { PACING_MODES } from '../../../src/domain/pacing/types.ts';
import { mulberry32, gamma, uniform } from '../../../src/domain/pacing/sim/prng.ts';

const NOW = 40 * 86_400_000;

const snapshot = (over: Partial<PacingSnapshot> = {}): PacingSnapshot => ({
  agentsLoggedIn: 10,
  agentsReady: 3,
  agentBusyElapsedMs: [10_000, 60_000, 120_000, 5_000, 200_000, 30_000, 90_000],
  ringingElapsedMs: [],
  liveWaiting: 0,
  capacity: { linesFree: 100, cpsTokens: 100 },
  ...over,
});

/** A pacer that has seen a steady population (p = 0.2, answers after 4–20 s, handle Gamma(2, 180 s)). */
function trained(mode: PacingMode = 'predictive', liveAnswers = 600): PacerState {
  const rng = mulberry32(7);
  let s = createPacer({ mode });
  let t = NOW - 3_600_000;
  let live = 0;
  while (live < liveAnswers) {
    t += 1000;
    if (rng.next() < 0.2) {
      live += 1;
      s = observePacing(s, { kind: 'attempt.live', atMs: t, answerDelayMs: uniform(rng, 4, 20) * 1000 });
      s = observePacing(s, { kind: 'call.handled', atMs: t, handleMs: gamma(rng, 2, 90) * 1000 });
    } else {
      s = observePacing(s, { kind: 'attempt.not_live', atMs: t, durationMs: rng.next() < 0.25 ? 4000 : 25_000 });
    }
  }
  return s;
}

describe('pacing modes', () => {
  it('progressive dials one call per ready agent that has no call on its way', () => {
    const s = createPacer({ mode: 'progressive' });
    expect(decidePacing(s, snapshot({ agentsReady: 3, ringingElapsedMs: [] }), NOW).dialCount).toBe(3);
    expect(decidePacing(s, snapshot({ agentsReady: 3, ringingElapsedMs: [1000, 2000] }), NOW).dialCount).toBe(1);
    expect(decidePacing(s, snapshot({ agentsReady: 1, ringingElapsedMs: [1000, 2000] }), NOW).dialCount).toBe(0);
  });

  it('preview dials only what agents asked for', () => {
    const s = createPacer({ mode: 'preview' });
    expect(decidePacing(s, snapshot({ previewRequests: 2 }), NOW).dialCount).toBe(2);
    expect(decidePacing(s, snapshot(), NOW).dialCount).toBe(0);
  });

  it('agentless fills free lines but keeps one per available agent for transfers', () => {
    const s = createPacer({ mode: 'agentless' });
    const d = decidePacing(s, snapshot({ agentsReady: 4, capacity: { linesFree: 30, cpsTokens: 100 } }), NOW);
    expect(d.dialCount).toBe(26);
    expect(d.reasoning.why).toContain('keeping 4 for transfers');
    expect(decidePacing(s, snapshot({ agentsReady: 0, capacity: { linesFree: 30, cpsTokens: 100 } }), NOW).dialCount).toBe(30);
  });

  it('predictive falls back to progressive below the configured number of agents', () => {
    const s = trained();
    const few = decidePacing({ ...s, config: { ...s.config, minAgentsForPredictive: 5 } }, snapshot({ agentsLoggedIn: 4, agentsReady: 2, agentBusyElapsedMs: [1000, 2000] }), NOW);
    expect(few.reasoning.appliedMode).toBe('progressive');
    expect(few.dialCount).toBe(2);
    expect(few.reasoning.why).toContain('progressive fallback');
    const enough = decidePacing(s, snapshot({ agentsLoggedIn: 10, agentsReady: 2 }), NOW);
    expect(enough.reasoning.appliedMode).toBe('predictive');
    expect(enough.dialCount).toBeGreaterThan(2);
  });

  it('predictive stays progressive until it has learnt enough, and has no abandon budget without live answers', () => {
    const fresh = decidePacing(createPacer({ mode: 'predictive' }), snapshot(), NOW);
    expect(fresh.reasoning.appliedMode).toBe('progressive');
    expect(fresh.reasoning.why).toContain('warming up');
    expect(fresh.reasoning.abandonBudget).toBe(0);
  });

  it('predictive explains itself: estimates, target and why N', () => {
    const d = decidePacing(trained(), snapshot({ agentsReady: 2 }), NOW);
    expect(d.reasoning.appliedMode).toBe('predictive');
    expect(d.reasoning.estimates?.liveAnswerProbability).toBeGreaterThan(0.15);
    expect(d.reasoning.estimates?.liveAnswerProbability).toBeLessThan(0.25);
    expect(d.reasoning.estimates?.meanHandleSeconds).toBeGreaterThan(150);
    expect(d.reasoning.estimates?.meanHandleSeconds).toBeLessThan(210);
    expect(d.reasoning.targetAbandonment).toBe(0.03);
    expect(d.reasoning.why).toMatch(/^dialled \d+: /);
  });

  it('predictive dials fewer calls when more are already ringing, and none with answers waiting and nobody ready', () => {
    const s = trained();
    const idle = decidePacing(s, snapshot({ agentsReady: 3, ringingElapsedMs: [] }), NOW).dialCount;
    const busy = decidePacing(s, snapshot({ agentsReady: 3, ringingElapsedMs: Array.from({ length: 12 }, () => 2000) }), NOW).dialCount;
    expect(busy).toBeLessThan(idle);
    const swamped = decidePacing(s, snapshot({ agentsReady: 0, liveWaiting: 2, ringingElapsedMs: Array.from({ length: 10 }, () => 3000) }), NOW);
    expect(swamped.dialCount).toBe(0);
  });

  it('property: no mode ever dials more than the free lines or the CPS tokens', () => {
    const s = trained();
    fc.assert(
      fc.property(
        fc.constantFrom(...PACING_MODES),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 20 }),
        (mode, agents, linesFree, cpsTokens, ringing, preview) => {
          const ready = Math.floor(agents / 2);
          const d = decidePacing(
            { ...s, config: { ...s.config, mode } },
            {
              agentsLoggedIn: agents,
              agentsReady: ready,
              agentBusyElapsedMs: Array.from({ length: agents - ready }, (_, i) => i * 7000),
              ringingElapsedMs: Array.from({ length: ringing }, (_, i) => (i * 1500) % 24_000),
              liveWaiting: 0,
              previewRequests: preview,
              capacity: { linesFree, cpsTokens },
            },
            NOW,
          );
          expect(d.dialCount).toBeGreaterThanOrEqual(0);
          expect(d.dialCount).toBeLessThanOrEqual(Math.min(linesFree, cpsTokens));
          if (d.reasoning.wanted > d.dialCount) expect(d.reasoning.cappedBy).toBeDefined();
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects a bad configuration with a clear error', () => {
    expect(() => createPacer({ targetAbandonment: 3 })).toThrow(PacingConfigError);
    expect(() => createPacer({ targetAbandonment: 3 })).toThrow(/targetAbandonment must be in \(0, 1\)/);
    expect(() => createPacer({ mode: 'turbo' as PacingMode })).toThrow(/mode must be one of/);
  });
});

describe('machines detected after the answer', () => {
  it('leave the abandonment ledger: neither a live answer nor an abandoned call', () => {
    const t0 = Date.parse('2026-03-03T15:00:00Z');
    let s = createPacer({ mode: 'predictive' });
    for (let i = 0; i < 40; i++) s = observePacing(s, { kind: 'attempt.live', atMs: t0 + i * 1000, answerDelayMs: 8000 });
    const rate = (st: PacerState) => decidePacing(st, { agentsLoggedIn: 10, agentsReady: 0, agentBusyElapsedMs: [], ringingElapsedMs: [], liveWaiting: 0, capacity: { linesFree: 10, cpsTokens: 10 } }, t0 + 60_000).reasoning;
    // A machine answered, was left waiting (no agent), then beeped: it was counted live and abandoned.
    s = observePacing(s, { kind: 'attempt.live', atMs: t0 + 41_000, answerDelayMs: 5000 });
    s = observePacing(s, { kind: 'call.abandoned', atMs: t0 + 43_000 });
    expect(rate(s).abandonment30d).toBeCloseTo(1 / 41, 9);
    s = observePacing(s, { kind: 'attempt.machine', answeredAtMs: t0 + 41_000, abandonedAtMs: t0 + 43_000 });
    expect(rate(s).abandonment30d).toBe(0);
    // 40 real live answers remain: 3 % of them is 1.2 abandons of budget.
    expect(rate(s).abandonBudget).toBeCloseTo(1.2, 9);
  });
});
