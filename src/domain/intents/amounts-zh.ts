import type { MoneySlot, Slots } from './types.ts';
import { parseZhNumber } from './numbers-zh.ts';

const AMOUNT_RE = /(\d[\d,，]*(?:\.\d+)?[十百千万]*|[零〇一二两三四五六七八九十百千万]+)\s*(块钱|块|元|人民币|美元|美金|刀|usd|\$)?/gi;
/** A number followed by one of these is a date, time or count, not money. */
const NOT_MONEY_AFTER = /^(号|日|天|周|个|月|年|点|小时|分钟|岁|次|部分|下|起|期|成|折|%)/;
const NOT_MONEY_BEFORE = /(周|星期|礼拜|第)$/;
const PERIOD_RE = /(每个?月|每周|每个?星期|每个?礼拜|每两周|每两个?星期|每半个月|每期)/;

function currencyOf(unit: string | undefined, fallback: string): string {
  if (unit === undefined) return fallback;
  return /美元|美金|刀|usd|\$/i.test(unit) ? 'USD' : 'CNY';
}

/** Amount and installments of a Chinese utterance (with date/time spans masked). */
export function findMoneyZh(t: string, fallbackCurrency: string): Pick<Slots, 'amount' | 'installments'> {
  let money: MoneySlot | undefined;
  for (const m of t.matchAll(AMOUNT_RE)) {
    const raw = m[1] ?? '';
    const after = t.slice(m.index + m[0].length);
    const before = t.slice(0, m.index);
    if (!m[2] && NOT_MONEY_AFTER.test(after)) continue;
    if (NOT_MONEY_BEFORE.test(before) && !/\d/.test(raw)) continue;
    // A lone 一/两 ("一下", "两天") is not money unless a currency unit says so.
    if (!m[2] && raw.length === 1 && !/\d/.test(raw)) continue;
    const value = parseZhNumber(raw);
    if (value === undefined || value <= 0) continue;
    money = { value, currency: currencyOf(m[2], fallbackCurrency) };
    break;
  }
  if (!money) return {};
  const period = PERIOD_RE.exec(t);
  if (period?.[1]) {
    const p = /两周|两个?星期|半个月/.test(period[1]) ? 'biweek' : /月/.test(period[1]) ? 'month' : /期/.test(period[1]) ? 'month' : 'week';
    return { installments: { amount: money, period: p } };
  }
  return { amount: money };
}
