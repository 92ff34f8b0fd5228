/** Seeded randomness for reproducible simulations (mulberry32; not for anything secret). */
import type { Distribution } from './population.ts';

export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a non-negative duration in ms from a population distribution. */
export function drawMs(rng: Rng, d: Distribution): number {
  if ('fixedMs' in d) return d.fixedMs;
  if ('minMs' in d) return Math.round(d.minMs + (Math.max(d.maxMs, d.minMs) - d.minMs) * rng());
  // Box-Muller; negative draws are clipped at zero (a callee cannot answer before the call is placed).
  const u = Math.max(rng(), 1e-12);
  const v = rng();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(0, Math.round(d.meanMs + z * d.sdMs));
}
