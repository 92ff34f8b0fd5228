import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  abandonBudget,
  emptyAbandonmentWindow,
  recordAbandon,
  recordHistory,
  recordLiveAnswer,
  windowRates,
  type AbandonmentWindow,
} from '../../../src/domain/pacing/abandonment-window.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = 100 * DAY;

function liveAnswers(w: AbandonmentWindow, atMs: number, n: number): AbandonmentWindow {
  for (let i = 0; i < n; i++) w = recordLiveAnswer(w, atMs);
  return w;
}

describe('abandonment window', () => {
  it('reports abandoned ÷ live answers on 1 h, 24 h and 30 d windows', () => {
    let w = liveAnswers(emptyAbandonmentWindow(), T0 - 2 * DAY, 100);
    w = recordAbandon(w, T0 - 2 * DAY);
    w = liveAnswers(w, T0 - 2 * HOUR, 50);
    w = recordAbandon(w, T0 - 2 * HOUR);
    w = liveAnswers(w, T0 - 10 * 60_000, 10);
    w = recordAbandon(w, T0 - 10 * 60_000);
    const r = windowRates(w, T0);
    expect(r.h1).toEqual({ liveAnswers: 10, abandoned: 1, rate: 0.1 });
    expect(r.h24).toEqual({ liveAnswers: 60, abandoned: 2, rate: 2 / 60 });
    expect(r.d30).toEqual({ liveAnswers: 160, abandoned: 3, rate: 3 / 160 });
  });

  it('forgets what is older than 30 days', () => {
    let w = recordHistory(emptyAbandonmentWindow(), T0, 100, 10);
    expect(windowRates(w, T0 + 29 * DAY).d30.abandoned).toBe(10);
    w = recordLiveAnswer(w, T0 + 31 * DAY);
    expect(windowRates(w, T0 + 31 * DAY).d30).toEqual({ liveAnswers: 1, abandoned: 0, rate: 0 });
  });

  it('gives no budget before there are live answers, and target·L − A after', () => {
    expect(abandonBudget(emptyAbandonmentWindow(), T0, 0.03)).toBe(0);
    const w = recordHistory(emptyAbandonmentWindow(), T0, 1000, 20);
    expect(abandonBudget(w, T0, 0.03)).toBeCloseTo(10, 9);
  });

  it('keeps the budget safe for the hour that is about to expire', () => {
    // A clean old hour props the rate up; the budget must not spend its room.
    let w = recordHistory(emptyAbandonmentWindow(), T0 - 29 * DAY - 23 * HOUR, 1000, 0);
    w = recordHistory(w, T0, 100, 3);
    expect(windowRates(w, T0).d30.rate).toBeLessThan(0.03);
    expect(abandonBudget(w, T0, 0.03)).toBe(0);
  });

  it('property: spending only the budget keeps the 30-day rate at or under the target at every moment', () => {
    const step = fc.record({ advanceMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }), live: fc.integer({ min: 0, max: 40 }), tryAbandons: fc.integer({ min: 0, max: 3 }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), fc.constantFrom(0.01, 0.03, 0.05), (steps, target) => {
        let w = emptyAbandonmentWindow();
        let now = T0;
        for (const s of steps) {
          now += s.advanceMinutes * 60_000;
          expect(windowRates(w, now).d30.rate).toBeLessThanOrEqual(target + 1e-12);
          w = liveAnswers(w, now, s.live);
          for (let i = 0; i < s.tryAbandons; i++) {
            if (abandonBudget(w, now, target) >= 1) w = recordAbandon(w, now);
          }
          expect(windowRates(w, now).d30.rate).toBeLessThanOrEqual(target + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });
});
