import { DateTime } from 'luxon';

/**
 * Local-calendar helpers for slot resolution. Every relative date ("next Friday", 月底) is resolved on the
 * debtor's wall calendar: `now` is converted into the call's zone once and all arithmetic is on local days.
 */

/**
 * The call-zone wall clock at `now`, carried as a UTC DateTime: all later arithmetic is on calendar days,
 * and luxon's UTC arithmetic is several times cheaper than IANA-zone arithmetic (cost per utterance matters).
 */
export function localToday(now: Date, timeZone: string): DateTime {
  const dt = DateTime.fromJSDate(now, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`invalid time zone or instant: ${timeZone}`);
  return DateTime.utc(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second);
}

export function ymd(dt: DateTime): string {
  return dt.toFormat('yyyy-LL-dd');
}

export function ymdhm(dt: DateTime, hour: number, minute: number): string {
  return `${ymd(dt)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** 1 = Monday … 7 = Sunday (ISO, weeks start Monday as intents.md says). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * Weekday resolution from intents.md: a bare weekday or "this X" is the next such day (today counts);
 * "next X" said on that same weekday is a week later (otherwise the coming X); past=true looks back
 * (already_paid: "I paid Tuesday" is the most recent Tuesday before today).
 */
export function resolveWeekday(today: DateTime, weekday: IsoWeekday, mode: 'bare' | 'next' | 'past'): DateTime {
  const diff = (weekday - today.weekday + 7) % 7;
  if (mode === 'past') return today.minus({ days: diff === 0 ? 7 : 7 - diff });
  if (mode === 'next' && diff === 0) return today.plus({ days: 7 });
  return today.plus({ days: diff });
}

/** 下周X: the given weekday of the next calendar week (weeks start Monday). */
export function weekdayOfWeek(today: DateTime, weekday: IsoWeekday, weeksAhead: number): DateTime {
  return today.startOf('week').plus({ weeks: weeksAhead, days: weekday - 1 });
}

/** "the 3rd" / 3号: its next occurrence (today counts), or the most recent one when looking back. */
export function resolveDayOfMonth(today: DateTime, day: number, past: boolean): DateTime | undefined {
  if (day < 1 || day > 31) return undefined;
  for (let i = 0; i < 3; i += 1) {
    const month = past ? today.minus({ months: i }) : today.plus({ months: i });
    if (day > (month.daysInMonth ?? 31)) continue;
    const candidate = month.set({ day });
    if (past ? candidate <= today.endOf('day') : candidate >= today.startOf('day')) return candidate;
  }
  return undefined;
}

export function endOfMonth(today: DateTime, monthsAhead: number): DateTime {
  return today.plus({ months: monthsAhead }).endOf('month').startOf('day');
}

/** A calendar month/day: its next occurrence (or the most recent when looking back). */
export function resolveMonthDay(today: DateTime, month: number, day: number, past: boolean): DateTime | undefined {
  if (month < 1 || month > 12) return undefined;
  const years = past ? [0, -1] : [0, 1];
  for (const dy of years) {
    const c = DateTime.fromObject({ year: today.year + dy, month, day }, { zone: today.zone });
    if (!c.isValid) continue;
    if (past ? c <= today.endOf('day') : c >= today.startOf('day')) return c;
  }
  return undefined;
}

/**
 * A spoken clock hour without am/pm is taken the way a caller means it in a collections call:
 * "after 5" / 七点 is 17:00 / 19:00, 8–11 are mornings; an explicit part of day wins.
 */
export function toHour24(hour: number, partOfDay: 'am' | 'pm' | undefined): number {
  if (partOfDay === 'am') return hour === 12 ? 0 : hour;
  if (partOfDay === 'pm') return hour < 12 ? hour + 12 : hour;
  if (hour >= 1 && hour <= 7) return hour + 12;
  return hour;
}
