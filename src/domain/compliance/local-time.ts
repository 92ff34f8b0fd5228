import { DateTime } from 'luxon';
import type { WeeklyHours } from './rules.ts';
import type { BlockedWindow, Interval, Weekday } from './types.ts';
import { WEEKDAYS } from './types.ts';
import { normalize } from './intervals.ts';
import { localDate, localToUtcMs, type ZoneOffsets } from './zone-offsets.ts';

/**
 * Local opening hours turned into instants, in IANA zones through DST changes: "08:00 local" on the day clocks
 * spring forward is a different UTC instant from the day before, and that is the point.
 */

export interface LocalDay {
  readonly isoDate: string;
  readonly weekday: Weekday;
  readonly zone: string;
}

/** Minute ranges open on a local day; the caller decides (weekly hours, holidays, blocked windows). */
export type DayHours = (day: LocalDay) => readonly (readonly [number, number])[];

const DAY_MS = 86_400_000;

/** One local day's open instants; `hours` is consulted once per zone and day when it has a cache key. */
function dayInstants(offsets: ZoneOffsets, zone: string, wallDayMs: number, hours: DayHours, cacheKey: string | undefined): readonly Interval[] {
  const make = (): Interval[] => {
    const date = new Date(wallDayMs);
    const info: LocalDay = { isoDate: date.toISOString().slice(0, 10), weekday: WEEKDAYS[(date.getUTCDay() + 6) % 7] as Weekday, zone };
    return hours(info).map(([startMinute, endMinute]) => ({
      startMs: localToUtcMs(offsets, zone, wallDayMs + startMinute * 60_000),
      endMs: localToUtcMs(offsets, zone, wallDayMs + endMinute * 60_000),
    }));
  };
  return cacheKey === undefined ? make() : offsets.dayMemo(cacheKey, zone, wallDayMs, make);
}

/**
 * Intervals of [fromMs, toMs) that are open under `hours` in `zone`. `cacheKey` names `hours` when the same
 * key always means the same hours (a rule id and profile version), so days are computed once per batch.
 */
export function openIntervals(offsets: ZoneOffsets, zone: string, fromMs: number, toMs: number, hours: DayHours, cacheKey?: string): Interval[] {
  const out: Interval[] = [];
  const first = localDate(offsets, zone, fromMs);
  // Start a day early: yesterday's window may still be open (a blocked night shift running past midnight).
  for (let wallDayMs = first.wallDayMs - DAY_MS, i = 0; i < 400; wallDayMs += DAY_MS, i++) {
    if (localToUtcMs(offsets, zone, wallDayMs) >= toMs) break;
    for (const span of dayInstants(offsets, zone, wallDayMs, hours, cacheKey)) {
      const startMs = Math.max(span.startMs, fromMs);
      const endMs = Math.min(span.endMs, toMs);
      if (endMs > startMs) out.push({ startMs, endMs });
    }
  }
  return normalize(out);
}

export const weeklyHours =
  (hours: WeeklyHours): DayHours =>
  (day) =>
    hours[day.weekday] ?? [];

/**
 * The consumer's blocked windows as "open" hours (to subtract). A window that ends before it starts
 * ("I work nights", 22:00–06:00) runs past midnight into the next day.
 */
export const blockedHours =
  (windows: readonly BlockedWindow[]): DayHours =>
  (day) => {
    const previous = WEEKDAYS[(WEEKDAYS.indexOf(day.weekday) + 6) % 7] as Weekday;
    const out: (readonly [number, number])[] = [];
    for (const w of windows) {
      const overnight = w.endMinute <= w.startMinute;
      if (w.days.includes(day.weekday)) out.push([w.startMinute, overnight ? 1440 : w.endMinute]);
      if (overnight && w.days.includes(previous)) out.push([0, w.endMinute]);
    }
    return out;
  };

export function isValidZone(zone: string): boolean {
  return DateTime.fromMillis(0, { zone }).isValid;
}

/** "sun 2026-03-08 06:30 UTC-07:00": built from the memoised offsets (luxon formatting is slow per call). */
export function localLabel(offsets: ZoneOffsets, ms: number, zone: string): string {
  const offset = offsets.offsetMinutes(zone, ms);
  const wall = new Date(ms + offset * 60_000).toISOString();
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const { weekdayIndex } = localDate(offsets, zone, ms);
  return `${WEEKDAYS[weekdayIndex] ?? ''} ${wall.slice(0, 10)} ${wall.slice(11, 16)} UTC${sign}${hhmm}`;
}
