import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../src/domain/intents/evaluate.ts';
import type { Intent, Slots, Understanding } from '../../../src/domain/intents/types.ts';

const answer = (intent: Intent, confidence = 0.9, slots: Slots = {}): Understanding => ({ text: '', intent, confidence, slots });

describe('evaluate()', () => {
  const report = evaluate(
    [
      { text: 'a', intent: 'promise_to_pay', slots: { amount: { value: 50, currency: 'USD' } } },
      { text: 'b', intent: 'hardship' },
      { text: 'c', intent: 'cease_communication' },
      { text: 'd', intent: 'dispute' },
      { text: 'e', intent: 'dispute' },
    ],
    [
      answer('promise_to_pay', 0.9, { amount: { value: 50, currency: 'USD' }, date: '2026-11-27' }),
      answer('promise_to_pay', 0.4),
      answer('cease_communication'),
      answer('dispute'),
      answer('wrong_number', 0.3),
    ],
    0.5,
  );

  it('counts accuracy and the costly errors separately', () => {
    expect(report.accuracy).toBeCloseTo(3 / 5);
    expect(report.falsePromiseRate).toBeCloseTo(1 / 4); // one of four non-promise cases became a promise
    expect(report.missedCeaseRate).toBe(0);
    expect(report.missedDisputeRate).toBeCloseTo(1 / 2);
  });

  it('reports how often confident answers are right', () => {
    expect(report.acceptedShare).toBeCloseTo(3 / 5);
    expect(report.acceptedAccuracy).toBe(1);
  });

  it('scores slots exactly: an extra date is a slot error', () => {
    expect(report.slotCases).toBe(1);
    expect(report.slotAccuracy).toBe(0);
  });

  it('fills the confusion matrix by labelled row and predicted column', () => {
    expect(report.confusion.hardship).toEqual({ promise_to_pay: 1 });
    expect(report.confusion.dispute).toEqual({ dispute: 1, wrong_number: 1 });
  });
});
