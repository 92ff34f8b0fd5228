import { INTENTS, type Intent, type Lang } from './types.ts';
import { featuresOf } from './features.ts';

/**
 * Multinomial naive Bayes over binary n-gram features, with uniform class priors (the training set's
 * class balance is how we wrote it, not how callers talk) and a softmax temperature fitted by
 * cross-validation so that the confidence is calibrated rather than NB's usual near-certainty.
 */
export interface LabelledExample {
  readonly text: string;
  readonly intent: Intent;
}

export interface NbModel {
  readonly lang: Lang;
  readonly logLik: ReadonlyMap<string, Float64Array>;
  readonly temperature: number;
}

const ALPHA = 0.1;
const FOLDS = 5;
const TEMPERATURES = [1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30];

function fit(examples: readonly LabelledExample[], lang: Lang, temperature: number): NbModel {
  const k = INTENTS.length;
  const counts = new Map<string, Float64Array>();
  const totals = new Float64Array(k);
  for (const ex of examples) {
    const c = INTENTS.indexOf(ex.intent);
    for (const f of featuresOf(ex.text, lang)) {
      let row = counts.get(f);
      if (!row) counts.set(f, (row = new Float64Array(k)));
      row[c] = (row[c] ?? 0) + 1;
      totals[c] = (totals[c] ?? 0) + 1;
    }
  }
  const vocab = counts.size;
  const logLik = new Map<string, Float64Array>();
  for (const [f, row] of counts) {
    const out = new Float64Array(k);
    for (let c = 0; c < k; c += 1) out[c] = Math.log(((row[c] ?? 0) + ALPHA) / ((totals[c] ?? 0) + ALPHA * vocab));
    logLik.set(f, out);
  }
  return { lang, logLik, temperature };
}

/** Per-intent probabilities, in INTENTS order. */
export function predict(model: NbModel, text: string): Float64Array {
  const scores = rawScores(model, text);
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let c = 0; c < scores.length; c += 1) {
    scores[c] = Math.exp(((scores[c] ?? 0) - max) / model.temperature);
    sum += scores[c] ?? 0;
  }
  for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] ?? 0) / sum;
  return scores;
}

/** The temperature minimising held-out log loss over a deterministic k-fold split of the training set. */
function fitTemperature(examples: readonly LabelledExample[], lang: Lang): number {
  const heldOut: { scores: Float64Array; label: number }[] = [];
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const model = fit(examples.filter((_, i) => i % FOLDS !== fold), lang, 1);
    examples.forEach((ex, i) => {
      if (i % FOLDS === fold) heldOut.push({ scores: rawScores(model, ex.text), label: INTENTS.indexOf(ex.intent) });
    });
  }
  let best = TEMPERATURES[0] ?? 1;
  let bestLoss = Infinity;
  for (const temp of TEMPERATURES) {
    let loss = 0;
    for (const { scores, label } of heldOut) loss -= Math.log(Math.max(softmaxAt(scores, temp, label), 1e-12));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = temp;
    }
  }
  return best;
}

function rawScores(model: NbModel, text: string): Float64Array {
  const scores = new Float64Array(INTENTS.length);
  for (const f of featuresOf(text, model.lang)) {
    const row = model.logLik.get(f);
    if (row) for (let c = 0; c < scores.length; c += 1) scores[c] = (scores[c] ?? 0) + (row[c] ?? 0);
  }
  return scores;
}

function softmaxAt(scores: Float64Array, temp: number, index: number): number {
  let max = -Infinity;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (const s of scores) sum += Math.exp((s - max) / temp);
  return Math.exp(((scores[index] ?? 0) - max) / temp) / sum;
}

export function trainNaiveBayes(examples: readonly LabelledExample[], lang: Lang): NbModel {
  if (examples.length < FOLDS * 2) throw new RangeError(`too few training examples for ${lang}: ${examples.length}`);
  return fit(examples, lang, fitTemperature(examples, lang));
}
