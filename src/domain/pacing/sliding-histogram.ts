/**
 * A distribution learnt from the last `capacity` samples (older ones fall out, so it follows drift).
 * Pure and immutable: `addSample` returns a new histogram. Values beyond the last bin land in the last bin.
 */
export interface SlidingHistogram {
  readonly binWidth: number;
  readonly counts: readonly number[];
  /** Bin index of each retained sample, oldest first. */
  readonly ring: readonly number[];
  readonly capacity: number;
  /** Sum of the retained samples' values (for the mean). */
  readonly valueSum: number;
  readonly values: readonly number[];
}

export function emptyHistogram(binWidth: number, bins: number, capacity: number): SlidingHistogram {
  return { binWidth, counts: new Array<number>(bins).fill(0), ring: [], capacity, valueSum: 0, values: [] };
}

export function addSample(h: SlidingHistogram, value: number): SlidingHistogram {
  const v = Math.max(0, value);
  const bin = Math.min(h.counts.length - 1, Math.floor(v / h.binWidth));
  const counts = h.counts.slice();
  counts[bin] = (counts[bin] ?? 0) + 1;
  let ring = [...h.ring, bin];
  let values = [...h.values, v];
  let valueSum = h.valueSum + v;
  if (ring.length > h.capacity) {
    const oldBin = ring[0] ?? 0;
    counts[oldBin] = (counts[oldBin] ?? 0) - 1;
    valueSum -= values[0] ?? 0;
    ring = ring.slice(1);
    values = values.slice(1);
  }
  return { ...h, counts, ring, values, valueSum };
}

export const sampleCount = (h: SlidingHistogram): number => h.ring.length;
export const histogramMean = (h: SlidingHistogram): number => (h.ring.length > 0 ? h.valueSum / h.ring.length : 0);

/** A survival function S(x) = P(X > x). */
export type Survival = (x: number) => number;

/**
 * S(x) = P(X > x) from the retained samples, linear inside bins; built once per decision.
 *
 * `censored`: values known only to exceed what they are now (calls still in progress, `elapsed` so far).
 * Kaplan–Meier: each bin's hazard is its completions over everything still at risk at the bin's start,
 * censored ones included. Without them, early in a campaign only the short calls have finished, the
 * distribution looks short, busy agents look about to be free, and the pacer over-dials.
 */
export function survivalOf(h: SlidingHistogram, censored: readonly number[] = []): Survival {
  const n = h.ring.length;
  if (n === 0) return () => 0;
  const w = h.binWidth;
  const last = h.counts.length;
  // atRisk[i]: completions in bin i or later plus censored values ≥ the bin's start.
  const censoredFrom = new Array<number>(last + 1).fill(0);
  for (const c of censored) {
    const bin = Math.min(last - 1, Math.max(0, Math.floor(c / w)));
    censoredFrom[bin] = (censoredFrom[bin] ?? 0) + 1;
  }
  const end: number[] = [1]; // S at the start of bin i is end[i]
  let completedLater = n;
  let censoredLater = censored.length;
  for (let i = 0; i < last; i++) {
    const d = h.counts[i] ?? 0;
    const atRisk = completedLater + censoredLater;
    const prev = end[i] ?? 0;
    end.push(atRisk > 0 ? prev * (1 - d / atRisk) : prev);
    completedLater -= d;
    censoredLater -= censoredFrom[i] ?? 0;
  }
  return (x: number): number => {
    if (x <= 0) return 1;
    const bin = Math.floor(x / w);
    if (bin >= last) return 0;
    const frac = x / w - bin;
    const a = end[bin] ?? 0;
    const b = end[bin + 1] ?? 0;
    return Math.max(0, a + frac * (b - a));
  };
}

/** Smallest x with P(X ≤ x) ≥ q (bin resolution). */
export function quantile(h: SlidingHistogram, q: number): number {
  const n = h.ring.length;
  let acc = 0;
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i] ?? 0;
    if (n > 0 && acc / n >= q) return (i + 1) * h.binWidth;
  }
  return h.counts.length * h.binWidth;
}
