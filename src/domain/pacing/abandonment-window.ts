/**
 * The per-campaign abandonment ledger on rolling windows (1 h, 24 h, 30 d). Pure and immutable.
 *
 * Live answers and abandons are counted in buckets: minutes for the last hour, hours for the 30 days.
 * The 30-day window at time t is the 720 hour buckets ending with t's hour. Why hour buckets: the rate
 * can only rise without a new abandon when an old bucket falls out; the pacer's budget (below) also holds
 * for the window minus its oldest bucket, so the rate stays under the target when that bucket drops.
 */
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const HOURS_30D = 720;

interface Bucket {
  readonly index: number;
  readonly live: number;
  readonly abandoned: number;
}

export interface AbandonmentWindow {
  readonly hours: readonly Bucket[];
  readonly minutes: readonly Bucket[];
}

export interface WindowRate {
  readonly liveAnswers: number;
  readonly abandoned: number;
  /** abandoned ÷ live answers; 0 when there was no live answer. */
  readonly rate: number;
}

export const emptyAbandonmentWindow = (): AbandonmentWindow => ({ hours: [], minutes: [] });

function bump(buckets: readonly Bucket[], index: number, keepFrom: number, live: number, abandoned: number): Bucket[] {
  const kept = buckets.filter((b) => b.index >= keepFrom);
  const last = kept[kept.length - 1];
  if (last && last.index === index) {
    kept[kept.length - 1] = { index, live: last.live + live, abandoned: last.abandoned + abandoned };
  } else if (!last || last.index < index) {
    kept.push({ index, live, abandoned });
  } else {
    // An outcome reported late, for an earlier bucket: keep the array sorted.
    const at = kept.findIndex((b) => b.index >= index);
    const found = kept[at];
    if (found && found.index === index) kept[at] = { index, live: found.live + live, abandoned: found.abandoned + abandoned };
    else kept.splice(at, 0, { index, live, abandoned });
  }
  return kept;
}

function record(w: AbandonmentWindow, atMs: number, live: number, abandoned: number): AbandonmentWindow {
  const hour = Math.floor(atMs / HOUR_MS);
  const minute = Math.floor(atMs / MINUTE_MS);
  return {
    hours: bump(w.hours, hour, hour - HOURS_30D + 1, live, abandoned),
    minutes: bump(w.minutes, minute, minute - 59, live, abandoned),
  };
}

/** A live person answered (abandoned or not: the denominator). */
export const recordLiveAnswer = (w: AbandonmentWindow, atMs: number): AbandonmentWindow => record(w, atMs, 1, 0);
/** A live answer was abandoned (counted once more in the numerator; its live answer was recorded already). */
export const recordAbandon = (w: AbandonmentWindow, atMs: number): AbandonmentWindow => record(w, atMs, 0, 1);

/** Takes back a live answer (and its abandon) recorded at those times: it was a machine. */
export const retractLiveAnswer = (w: AbandonmentWindow, answeredAtMs: number, abandonedAtMs?: number): AbandonmentWindow => {
  const withoutLive = record(w, answeredAtMs, -1, 0);
  return abandonedAtMs === undefined ? withoutLive : record(withoutLive, abandonedAtMs, 0, -1);
};

/** Adds history (e.g. earlier days of the campaign loaded from the store) as one bucket at `atMs`. */
export const recordHistory = (w: AbandonmentWindow, atMs: number, liveAnswers: number, abandoned: number): AbandonmentWindow =>
  record(w, atMs, liveAnswers, abandoned);

function sum(buckets: readonly Bucket[], fromIndex: number, toIndex: number): WindowRate {
  let live = 0;
  let abandoned = 0;
  for (const b of buckets) {
    if (b.index >= fromIndex && b.index <= toIndex) {
      live += b.live;
      abandoned += b.abandoned;
    }
  }
  return { liveAnswers: live, abandoned, rate: live > 0 ? abandoned / live : 0 };
}

export function windowRates(w: AbandonmentWindow, nowMs: number): { h1: WindowRate; h24: WindowRate; d30: WindowRate } {
  const hour = Math.floor(nowMs / HOUR_MS);
  const minute = Math.floor(nowMs / MINUTE_MS);
  return {
    h1: sum(w.minutes, minute - 59, minute),
    h24: sum(w.hours, hour - 23, hour),
    d30: sum(w.hours, hour - HOURS_30D + 1, hour),
  };
}

/**
 * How many more abandons the 30-day window can take and stay at or under `target`: (A + k) / L ≤ target,
 * k ≤ target·L − A. An abandon's own live answer is not counted in (it was recorded when the call was answered,
 * possibly already in L), so the budget is safe for calls already waiting. Taken on the window and on the
 * window without its oldest hour, so the rate cannot cross the target when that hour expires.
 */
export function abandonBudget(w: AbandonmentWindow, nowMs: number, target: number): number {
  const hour = Math.floor(nowMs / HOUR_MS);
  const full = sum(w.hours, hour - HOURS_30D + 1, hour);
  const next = sum(w.hours, hour - HOURS_30D + 2, hour);
  const room = (r: WindowRate): number => target * r.liveAnswers - r.abandoned;
  return Math.max(0, Math.min(room(full), room(next)));
}
