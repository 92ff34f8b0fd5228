import type { DateTime } from 'luxon';
import { toHour24, ymd, ymdhm } from './calendar.ts';
import { findDateZh } from './dates-zh.ts';
import { parseZhNumber } from './numbers-zh.ts';

const CLOCK_RE = /(早上|上午|中午|下午|晚上|傍晚|今晚|明晚|明早)?([0-9零一二两三四五六七八九十]+)(?:点|:|：)(半|[0-9零一二三四五六七八九十]+分?)?/;
const PART_RE = /(早上|上午|中午|下午|晚上|傍晚|今晚|明晚|明早)/;

/** callback_time for Chinese: 明天下午 → the day; 晚上七点以后 → 19:00 (a window uses its start). */
export function findCallbackZh(t: string, now: DateTime): string | undefined {
  const today = now.startOf('day');
  // 现在/马上 is when they cannot talk, not when to call back.
  const day = findDateZh(t.replace(/现在|马上/g, '  '), today, false, true).date;
  const m = CLOCK_RE.exec(t);
  const hourRaw = m?.[2] === undefined ? undefined : parseZhNumber(m[2]);
  if (m && hourRaw !== undefined && hourRaw <= 23) {
    const part = m[1] ?? PART_RE.exec(t)?.[1];
    const pm = part !== undefined && /下午|晚|傍晚/.test(part) ? 'pm' : part !== undefined && /早|上午/.test(part) ? 'am' : undefined;
    const hour = hourRaw > 12 ? hourRaw : toHour24(hourRaw, pm);
    const minute = m[3] === '半' ? 30 : m[3] ? (parseZhNumber(m[3].replace('分', '')) ?? 0) : 0;
    if (day) return ymdhm(today.set(dayParts(day)), hour, minute);
    if (/别|不要|以前别|之前别/.test(t)) return undefined; // "早上九点以前别打" is a standing restriction
    const at = today.set({ hour, minute });
    return ymdhm(at > now ? today : today.plus({ days: 1 }), hour, minute);
  }
  if (day) return day;
  if (PART_RE.test(t) && !/别|不要/.test(t)) return ymd(/明/.test(t) ? today.plus({ days: 1 }) : today);
  return undefined;
}

function dayParts(isoDay: string): { year: number; month: number; day: number } {
  const [y, mo, d] = isoDay.split('-').map(Number);
  return { year: y ?? 0, month: mo ?? 1, day: d ?? 1 };
}
