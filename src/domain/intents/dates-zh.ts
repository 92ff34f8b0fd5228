import type { DateTime } from 'luxon';
import { endOfMonth, resolveDayOfMonth, resolveMonthDay, resolveWeekday, weekdayOfWeek, ymd, type IsoWeekday } from './calendar.ts';
import { parseZhNumber } from './numbers-zh.ts';
import { matchSpan, type DateFinding, type Span } from './spans.ts';

const WEEKDAY_ZH: Readonly<Record<string, IsoWeekday>> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7 };
const NUM = '[0-9零〇一二两三四五六七八九十百]+';

const UNRESOLVED: readonly (readonly [RegExp, string])[] = [
  [/发工资(那天|的时候|以后|之后|后)?|工资(到了|发了|下来|到账)|等发工资|退休金|养老金|低保/, 'depends on a payday or benefit date that is not known'],
  [/下下?(个)?(周|星期|礼拜)|这(个)?(周|星期|礼拜)|本周|下个?月|过完?年|年后|节后|过段时间|以后再说/, 'names a period, not a day'],
];

type Finder = (t: string, today: DateTime, past: boolean, strictWeekday?: boolean) => { date: DateTime; span: Span } | undefined;

const monthEndFinder: Finder = (t, today) => {
  const m = /(下个?月|这个?月|本月)?月?底/.exec(t);
  if (!m || !/月底/.test(m[0])) return undefined;
  return { date: endOfMonth(today, m[1]?.startsWith('下') ? 1 : 0), span: matchSpan(m) };
};

const offsetFinder: Finder = (t, today, past) => {
  const m = new RegExp(`(${NUM})(天|周|个星期|星期|个礼拜|礼拜|个月)(后|以后|之后|内|以内|前|之前)`).exec(t);
  if (!m?.[1] || !m[2]) return undefined;
  const n = parseZhNumber(m[1]);
  if (n === undefined) return undefined;
  const sign = past || m[3]?.endsWith('前') ? -1 : 1;
  const date = m[2] === '个月' ? today.plus({ months: sign * n }) : today.plus({ days: sign * n * (m[2] === '天' ? 1 : 7) });
  return { date, span: matchSpan(m) };
};

const relativeDayFinder: Finder = (t, today) => {
  const m = /(大后天|后天|明天|明早|明晚|今天|今晚|今儿|马上|现在|昨天|前天)/.exec(t);
  if (!m?.[1]) return undefined;
  const offsets: Record<string, number> = { 大后天: 3, 后天: 2, 明天: 1, 明早: 1, 明晚: 1, 昨天: -1, 前天: -2 };
  if ((m[1] === '马上' || m[1] === '现在') && !/还|转|付|打/.test(t.slice(m.index))) return undefined;
  return { date: today.plus({ days: offsets[m[1]] ?? 0 }), span: matchSpan(m) };
};

const weekdayFinder: Finder = (t, today, past, strictWeekday) => {
  const m = /(下下|下|这|本|上)?(个)?(周|星期|礼拜)([一二三四五六日天1-7])/.exec(t);
  const wd = m?.[4] ? WEEKDAY_ZH[m[4]] : undefined;
  if (!m || wd === undefined) return undefined;
  const which = m[1];
  if (which === '下下') return { date: weekdayOfWeek(today, wd, 2), span: matchSpan(m) };
  if (which === '下') return { date: weekdayOfWeek(today, wd, 1), span: matchSpan(m) };
  if (which === '上') return { date: weekdayOfWeek(today, wd, -1), span: matchSpan(m) };
  return { date: resolveWeekday(today, wd, past ? 'past' : strictWeekday ? 'next' : 'bare'), span: matchSpan(m) };
};

const monthDayFinder: Finder = (t, today, past) => {
  const m = new RegExp(`(下个?月|这个?月|本月|(${NUM})月)?(${NUM})(号|日)`).exec(t);
  if (!m?.[3]) return undefined;
  const day = parseZhNumber(m[3]);
  if (day === undefined || day < 1 || day > 31) return undefined;
  let date: DateTime | undefined;
  if (m[2]) {
    const month = parseZhNumber(m[2]);
    date = month === undefined ? undefined : resolveMonthDay(today, month, day, past);
  } else if (m[1]?.startsWith('下')) {
    const next = today.plus({ months: 1 });
    date = day <= (next.daysInMonth ?? 31) ? next.set({ day }) : undefined;
  } else {
    date = resolveDayOfMonth(today, day, past);
  }
  return date ? { date, span: matchSpan(m) } : undefined;
};

const FINDERS: readonly Finder[] = [monthEndFinder, offsetFinder, monthDayFinder, weekdayFinder, relativeDayFinder];

/** The date slot of a Chinese utterance; "X之前" is X, past=true for already_paid. */
export function findDateZh(t: string, today: DateTime, past: boolean, strictWeekday = false): DateFinding {
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
