import { IANAZone } from 'luxon';

/**
 * UTC offsets of IANA zones, memoised per zone and UTC day. Asking Intl for an offset (what luxon does for
 * every zoned DateTime) costs microseconds each and dominated the batch check; a day has at most one DST
 * transition, so the offsets at the day's two ends (and, when they differ, a 15-minute bisection for the
 * transition instant) describe the whole day. Created at the composition root, passed in the context.
 */
export interface ZoneOffsets {
  /** Offset from UTC in minutes at `utcMs` (America/New_York in winter: -300). */
  offsetMinutes(zone: string, utcMs: number): number;
  /** Memo for per-zone, per-day results (a day's window instants under some hours), shared across decisions. */
  dayMemo<T>(hoursId: string, zone: string, wallDayMs: number, make: () => T): T;
  /** A short stable id for a data object (a rule's hours), for memo keys; same object, same id. */
  idOf(data: object): string;
}

const DAY_MS = 86_400_000;
const STEP_MS = 900_000; // every real transition falls on a quarter hour of UTC
const MAX_ENTRIES = 200_000; // a year of days for a few hundred zones; cleared beyond that

interface DayOffsets {
  readonly startOffset: number;
  readonly endOffset: number;
  readonly transitionMs: number;
}

function dayOffsets(z: IANAZone, dayIndex: number): DayOffsets {
  const startMs = dayIndex * DAY_MS;
  const startOffset = z.offset(startMs);
  const endOffset = z.offset(startMs + DAY_MS - STEP_MS);
  let transitionMs = startMs + DAY_MS;
  if (startOffset !== endOffset) {
    let lo = 0;
    let hi = DAY_MS / STEP_MS - 1; // offset(lo) = start, offset(hi) = end
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (z.offset(startMs + mid * STEP_MS) === startOffset) lo = mid;
      else hi = mid;
    }
    transitionMs = startMs + hi * STEP_MS;
  }
  return { startOffset, endOffset, transitionMs };
}

export function createZoneOffsets(): ZoneOffsets {
  const zones = new Map<string, { zone: IANAZone; days: Map<number, DayOffsets> }>();
  const memos = new Map<string, Map<string, Map<number, unknown>>>();
  let memoEntries = 0;
  const ids = new WeakMap<object, string>();
  let nextId = 0;
  let entries = 0;
  return {
    offsetMinutes(name, utcMs) {
      let z = zones.get(name);
      if (z === undefined) {
        z = { zone: IANAZone.create(name), days: new Map() };
        zones.set(name, z);
      }
      const dayIndex = Math.floor(utcMs / DAY_MS);
      let d = z.days.get(dayIndex);
      if (d === undefined) {
        if (++entries > MAX_ENTRIES) {
          for (const v of zones.values()) v.days.clear();
          entries = 0;
        }
        d = dayOffsets(z.zone, dayIndex);
        z.days.set(dayIndex, d);
      }
      return utcMs < d.transitionMs ? d.startOffset : d.endOffset;
    },
    idOf(data) {
      let id = ids.get(data);
      if (id === undefined) {
        id = `h${nextId++}`;
        ids.set(data, id);
      }
      return id;
    },
    dayMemo<T>(hoursId: string, zone: string, wallDayMs: number, make: () => T): T {
      // Nested maps rather than one string key: this lookup runs for every zone and day of every decision.
      let byZone = memos.get(hoursId);
      if (byZone === undefined) {
        byZone = new Map();
        memos.set(hoursId, byZone);
      }
      let byDay = byZone.get(zone);
      if (byDay === undefined) {
        byDay = new Map();
        byZone.set(zone, byDay);
      }
      if (byDay.has(wallDayMs)) return byDay.get(wallDayMs) as T;
      if (++memoEntries > MAX_ENTRIES) {
        memos.clear();
        memoEntries = 0;
      }
      const value = make();
      byDay.set(wallDayMs, value);
      return value;
    },
  };
}

/**
 * The UTC instant of a local wall-clock time (`localWallMs` is the wall time written as if it were UTC). A wall
 * time inside a spring-forward gap moves forward by the gap (as luxon does); a wall time that occurs twice in a
 * fall-back overlap takes its earlier occurrence. Transitions are months apart, so the offsets a day either
 * side are the only two candidates.
 */
export function localToUtcMs(offsets: ZoneOffsets, zone: string, localWallMs: number): number {
  const before = offsets.offsetMinutes(zone, localWallMs - DAY_MS);
  const after = offsets.offsetMinutes(zone, localWallMs + DAY_MS);
  const tBefore = localWallMs - before * 60_000;
  const tAfter = localWallMs - after * 60_000;
  const okBefore = offsets.offsetMinutes(zone, tBefore) === before;
  const okAfter = offsets.offsetMinutes(zone, tAfter) === after;
  if (okBefore && okAfter) return Math.min(tBefore, tAfter);
  if (okAfter) return tAfter;
  return tBefore; // valid, or in a gap: the pre-gap offset lands just after the gap
}

/** The local calendar date and weekday (0 = Monday) of an instant. */
export function localDate(offsets: ZoneOffsets, zone: string, utcMs: number): { wallDayMs: number; isoDate: string; weekdayIndex: number } {
  const wall = utcMs + offsets.offsetMinutes(zone, utcMs) * 60_000;
  const wallDayMs = Math.floor(wall / DAY_MS) * DAY_MS;
  const d = new Date(wallDayMs);
  return { wallDayMs, isoDate: d.toISOString().slice(0, 10), weekdayIndex: (d.getUTCDay() + 6) % 7 };
}
