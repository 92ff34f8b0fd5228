import { INTENTS, type Intent, type Slots, type Understanding } from './types.ts';

/**
 * Evaluation figures for a labelled set. Besides accuracy, the costly errors are counted on their own:
 * a promise recorded that was not made, and a dispute or "stop calling me" that was missed.
 */
export interface LabelledCase {
  readonly text: string;
  readonly intent: Intent;
  /** When present, the exact slots expected (slots absent from it must be absent from the answer). */
  readonly slots?: Slots;
}

export interface EvalReport {
  readonly total: number;
  readonly accuracy: number;
  /** Predicted promise_to_pay when the label was something else, over all non-promise cases. */
  readonly falsePromiseRate: number;
  readonly missedCeaseRate: number;
  readonly missedDisputeRate: number;
  /** Cases at or above the ask-again threshold: share of all cases, and their accuracy. */
  readonly acceptedShare: number;
  readonly acceptedAccuracy: number;
  readonly slotCases: number;
  readonly slotAccuracy: number;
  readonly perIntent: Readonly<Record<string, { readonly support: number; readonly precision: number; readonly recall: number }>>;
  /** confusion[gold][predicted] = count. */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly errors: readonly { readonly text: string; readonly gold: Intent; readonly predicted: Intent; readonly confidence: number }[];
  readonly slotErrors: readonly { readonly text: string; readonly expected: Slots; readonly got: Slots }[];
}

const SLOT_KEYS = ['amount', 'date', 'installments', 'callbackTime'] as const;

/** Exact slot agreement on the slots the product acts on (dateUnresolved is explanatory and not scored). */
export function slotsMatch(expected: Slots, got: Slots): boolean {
  return SLOT_KEYS.every((k) => JSON.stringify(expected[k] ?? null) === JSON.stringify(got[k] ?? null));
}

function rate(num: number, den: number): number {
  return den === 0 ? 0 : num / den;
}

export function evaluate(cases: readonly LabelledCase[], answers: readonly Understanding[], askAgainBelow: number): EvalReport {
  const confusion: Record<string, Record<string, number>> = {};
  const errors: EvalReport['errors'][number][] = [];
  const slotErrors: EvalReport['slotErrors'][number][] = [];
  let correct = 0, falsePromise = 0, nonPromise = 0, cease = 0, missedCease = 0, dispute = 0, missedDispute = 0;
  let accepted = 0, acceptedCorrect = 0, slotCases = 0, slotCorrect = 0;
  cases.forEach((c, i) => {
    const a = answers[i];
    if (!a) throw new RangeError(`no answer for case ${i + 1}`);
    const row = (confusion[c.intent] ??= {});
    row[a.intent] = (row[a.intent] ?? 0) + 1;
    const ok = a.intent === c.intent;
    if (ok) correct += 1;
    else errors.push({ text: c.text, gold: c.intent, predicted: a.intent, confidence: a.confidence });
    if (c.intent !== 'promise_to_pay') {
      nonPromise += 1;
      if (a.intent === 'promise_to_pay') falsePromise += 1;
    }
    if (c.intent === 'cease_communication') {
      cease += 1;
      if (!ok) missedCease += 1;
    }
    if (c.intent === 'dispute') {
      dispute += 1;
      if (!ok) missedDispute += 1;
    }
    if (a.confidence >= askAgainBelow) {
      accepted += 1;
      if (ok) acceptedCorrect += 1;
    }
    if (ok && c.slots) {
      slotCases += 1;
      if (slotsMatch(c.slots, a.slots)) slotCorrect += 1;
      else slotErrors.push({ text: c.text, expected: c.slots, got: a.slots });
    }
  });
  return {
    total: cases.length,
    accuracy: rate(correct, cases.length),
    falsePromiseRate: rate(falsePromise, nonPromise),
    missedCeaseRate: rate(missedCease, cease),
    missedDisputeRate: rate(missedDispute, dispute),
    acceptedShare: rate(accepted, cases.length),
    acceptedAccuracy: rate(acceptedCorrect, accepted),
    slotCases,
    slotAccuracy: rate(slotCorrect, slotCases),
    perIntent: perIntent(confusion),
    confusion,
    errors,
    slotErrors,
  };
}

function perIntent(confusion: Record<string, Record<string, number>>): EvalReport['perIntent'] {
  const out: Record<string, { support: number; precision: number; recall: number }> = {};
  for (const intent of INTENTS) {
    const row = confusion[intent] ?? {};
    const support = Object.values(row).reduce((s, n) => s + n, 0);
    const predicted = Object.values(confusion).reduce((s, r) => s + (r[intent] ?? 0), 0);
    const tp = row[intent] ?? 0;
    if (support === 0 && predicted === 0) continue;
    out[intent] = { support, precision: rate(tp, predicted), recall: rate(tp, support) };
  }
  return out;
}
