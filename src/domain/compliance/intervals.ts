import type { Interval } from './types.ts';

/** Sorted, non-overlapping half-open intervals. The window rules are computed as lists of these. */

export function normalize(list: readonly Interval[]): Interval[] {
  const sorted = list.filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && i.startMs <= last.endMs) out[out.length - 1] = { startMs: last.startMs, endMs: Math.max(last.endMs, i.endMs) };
    else out.push(i);
  }
  return out;
}

export function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const startMs = Math.max(x.startMs, y.startMs);
    const endMs = Math.min(x.endMs, y.endMs);
    if (startMs < endMs) out.push({ startMs, endMs });
    if (x.endMs < y.endMs) i++;
    else j++;
  }
  return out;
}

export function subtract(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  let out = [...a];
  for (const cut of b) {
    out = out.flatMap((x) => {
      if (cut.endMs <= x.startMs || cut.startMs >= x.endMs) return [x];
      const parts: Interval[] = [];
      if (cut.startMs > x.startMs) parts.push({ startMs: x.startMs, endMs: cut.startMs });
      if (cut.endMs < x.endMs) parts.push({ startMs: cut.endMs, endMs: x.endMs });
      return parts;
    });
  }
  return out;
}

export function contains(list: readonly Interval[], ms: number): boolean {
  return list.some((i) => i.startMs <= ms && ms < i.endMs);
}

/** The first instant ≥ fromMs inside the list, or undefined. */
export function firstAtOrAfter(list: readonly Interval[], fromMs: number): number | undefined {
  for (const i of list) {
    if (i.endMs > fromMs) return Math.max(i.startMs, fromMs);
  }
  return undefined;
}
