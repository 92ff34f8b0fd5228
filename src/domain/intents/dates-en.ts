import * as chrono from 'chrono-node';
import type { DateTime } from 'luxon';
import { endOfMonth, resolveDayOfMonth, resolveMonthDay, resolveWeekday, ymd, type IsoWeekday } from './calendar.ts';
import { ORDINAL_RE, parseCount, parseOrdinal } from './numbers-en.ts';
import { matchSpan, type DateFinding, type Span } from './spans.ts';

const WEEKDAYS: Readonly<Record<string, IsoWeekday>> = {
  monday: 1, mon: 1, tuesday: 2, tue: 2, tues: 2, wednesday: 3, wed: 3, thursday: 4, thu: 4, thurs: 4,
  friday: 5, fri: 5, saturday: 6, sat: 6, sunday: 7, sun: 7,
};
const WEEKDAY_RE = /\b(last|next|this|coming|this coming)?\s*(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri)\b/;
const MONTH_NAME_RE = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)\b|\b\d{1,2}\/\d{1,2}\b/;

/** Said about a period or an event whose day we do not know: no date (intents.md), but say why. */
const UNRESOLVED: readonly (readonly [RegExp, string])[] = [
  [/\b(pay ?day|get paid|paycheck|pay ?check|my check comes|check comes in|pension|benefits|social security|disability check)\b/, 'depends on a payday or benefit date that is not known'],
  [/\b(next week|this week|next month|this month|after the holidays|end of the year|someday|soon)\b/, 'names a period, not a day'],
];

type Finder = (t: string, today: DateTime, past: boolean, strictWeekday?: boolean) => { date: DateTime; span: Span } | undefined;

const endOfMonthFinder: Finder = (t, today) => {
  const m = /\b(?:the )?end of (the |this |next )?month\b/.exec(t);
  if (!m) return undefined;
  return { date: endOfMonth(today, m[1] === 'next ' ? 1 : 0), span: matchSpan(m) };
};

const offsetFinder: Finder = (t, today, past) => {
  const m = /\b(?:in|within|after) (a couple of|a couple|an?|\w+|\d+) (day|week|month)s?\b|\b(an?|\w+|\d+) (day|week|month)s? (from now|ago)\b/.exec(t);
  if (!m) return undefined;
  const countWord = (m[1] ?? m[3] ?? '').replace(/^a couple( of)?$/, 'couple');
  const n = parseCount(countWord);
  const unit = m[2] ?? m[4];
  if (n === undefined || unit === undefined) return undefined;
  const sign = m[5] === 'ago' || (past && m[5] !== 'from now') ? -1 : 1;
  const date = unit === 'month' ? today.plus({ months: sign * n }) : today.plus({ days: sign * n * (unit === 'week' ? 7 : 1) });
  return { date, span: matchSpan(m) };
};

const relativeDayFinder: Finder = (t, today) => {
  const m = /\b(the day after tomorrow|tomorrow|today|tonight|right now|this (?:morning|afternoon|evening)|yesterday|day before yesterday)\b/.exec(t);
  if (!m?.[1]) return undefined;
  const offsets: Record<string, number> = { 'the day after tomorrow': 2, tomorrow: 1, yesterday: -1, 'day before yesterday': -2 };
  return { date: today.plus({ days: offsets[m[1]] ?? 0 }), span: matchSpan(m) };
};

const weekdayFinder: Finder = (t, today, past, strictWeekday) => {
  const m = WEEKDAY_RE.exec(t);
  const wd = m?.[2] ? WEEKDAYS[m[2]] : undefined;
  if (!m || wd === undefined) return undefined;
  const mode = past || m[1] === 'last' ? 'past' : m[1] === 'next' || strictWeekday ? 'next' : 'bare';
  return { date: resolveWeekday(today, wd, mode), span: matchSpan(m) };
};

const dayOfMonthFinder: Finder = (t, today, past) => {
  const m = new RegExp(`\\b(?:on |by |before |until |for )?the (${ORDINAL_RE})(?: of (next|this|the) month)?\\b|\\b(?:on|by|before) (\\d{1,2}(?:st|nd|rd|th))\\b`).exec(t);
  const day = m ? parseOrdinal(m[1] ?? m[3] ?? '') : undefined;
  if (!m || day === undefined) return undefined;
  if (m[2] === 'next') {
    const next = today.plus({ months: 1 });
    return day <= (next.daysInMonth ?? 31) ? { date: next.set({ day }), span: matchSpan(m) } : undefined;
  }
  const date = resolveDayOfMonth(today, day, past);
  return date ? { date, span: matchSpan(m) } : undefined;
};

/** Month names and numeric dates: chrono-node is good at these; it runs on the local wall clock as UTC. */
const calendarFinder: Finder = (t, today, past) => {
  if (!MONTH_NAME_RE.test(t)) return undefined;
  const ref = { instant: new Date(Date.UTC(today.year, today.month - 1, today.day, 12)), timezone: 0 };
  const [hit] = chrono.parse(t, ref, { forwardDate: !past });
  if (!hit?.start.isCertain('month') || !hit.start.isCertain('day')) return undefined;
  const month = hit.start.get('month') ?? 0;
  const day = hit.start.get('day') ?? 0;
  const date = resolveMonthDay(today, month, day, past);
  return date ? { date, span: [hit.index, hit.index + hit.text.length] } : undefined;
};

const FINDERS: readonly Finder[] = [endOfMonthFinder, offsetFinder, relativeDayFinder, calendarFinder, dayOfMonthFinder, weekdayFinder];

/**
 * The date slot of an English utterance (lower-cased text). past=true for already_paid, where "the 3rd"
 * and a weekday point back. strictWeekday: a bare weekday naming today means next week (callbacks:
 * "call me Monday" said on a Monday).
 */
export function findDateEn(t: string, today: DateTime, past: boolean, strictWeekday = false): DateFinding {
  for (const finder of FINDERS) {
    const hit = finder(t, today, past, strictWeekday);
    if (hit) return { date: ymd(hit.date), spans: [hit.span] };
  }
  for (const [re, reason] of UNRESOLVED) {
    const m = re.exec(t);
    if (m) return { unresolved: { text: m[0], reason }, spans: [matchSpan(m)] };
  }
  return { spans: [] };
}
