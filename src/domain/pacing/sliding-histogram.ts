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

/** A survival function S(x) = P(X > x), linear inside bins; built once per decision. */
export type Survival = (x: number) => number;

export function survivalOf(h: SlidingHistogram): Survival {
  const n = h.ring.length;
  if (n === 0) return () => 0;
  const below: number[] = [0];
  for (const c of h.counts) below.push((below[below.length - 1] ?? 0) + c);
  const w = h.binWidth;
  const last = h.counts.length;
  return (x: number): number => {
    if (x <= 0) return 1;
    const bin = Math.floor(x / w);
    if (bin >= last) return 0;
    const frac = x / w - bin;
    const cdf = ((below[bin] ?? 0) + frac * (h.counts[bin] ?? 0)) / n;
    return Math.max(0, 1 - cdf);
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
