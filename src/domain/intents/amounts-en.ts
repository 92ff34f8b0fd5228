import type { MoneySlot, Slots } from './types.ts';
import { NUMBER_WORDS_RE, parseNumberWords } from './numbers-en.ts';

const CURRENCY_WORDS: readonly (readonly [RegExp, string])[] = [
  [/^\s*(dollars?|bucks?|usd)\b/, 'USD'],
  [/^\s*(yuan|rmb|kuai)\b/, 'CNY'],
  [/^\s*(euros?)\b/, 'EUR'],
];
/** A number followed by one of these is a count or a time, not money ("3 kids", "5 o'clock"). */
const NOT_MONEY_AFTER = /^\s*(%|percent|days?|weeks?|months?|years?|hours?|minutes?|kids?|children|times|am\b|pm\b|a\.m|p\.m|o'?clock|th\b|st\b|nd\b|rd\b)/;
const PERIOD_RE = /^\s*(?:dollars?|bucks?)?\s*(?:(?:a|per|each|every)\s+(week|month)|(weekly|monthly|biweekly|bi-weekly)|every (?:two|2|other) weeks?|(?:a|per|each) fortnight)\b/;

interface AmountHit {
  readonly money: MoneySlot;
  readonly end: number;
}

function currencyAfter(rest: string, fallback: string): string {
  for (const [re, code] of CURRENCY_WORDS) if (re.test(rest)) return code;
  return fallback;
}

function digitAmounts(t: string, fallback: string): { index: number; hit: AmountHit }[] {
  const out: { index: number; hit: AmountHit }[] = [];
  for (const m of t.matchAll(/(\$\s?)?(\d[\d,]*(?:\.\d{1,2})?)(\s?k\b)?/g)) {
    const rest = t.slice(m.index + m[0].length);
    if (!m[1] && NOT_MONEY_AFTER.test(rest)) continue;
    const value = Number((m[2] ?? '').replace(/,/g, '')) * (m[3] ? 1000 : 1);
    if (!Number.isFinite(value) || value <= 0) continue;
    out.push({ index: m.index, hit: { money: { value, currency: m[1] ? 'USD' : currencyAfter(rest, fallback) }, end: m.index + m[0].length } });
  }
  return out;
}

function wordAmounts(t: string, fallback: string): { index: number; hit: AmountHit }[] {
  const out: { index: number; hit: AmountHit }[] = [];
  for (const m of t.matchAll(NUMBER_WORDS_RE)) {
    const rest = t.slice(m.index + m[0].length);
    if (NOT_MONEY_AFTER.test(rest)) continue;
    const value = parseNumberWords(m[0]);
    // "one" alone is almost never an amount on these calls ("one second", "the one"); a currency word makes it one.
    if (value === undefined || value <= 0 || (value < 2 && !/^\s*(dollar|buck)/.test(rest))) continue;
    out.push({ index: m.index, hit: { money: { value, currency: currencyAfter(rest, fallback) }, end: m.index + m[0].length } });
  }
  return out;
}

/** Amount and installments of an English utterance (lower-cased, with date/time spans masked). */
export function findMoneyEn(t: string, fallbackCurrency: string): Pick<Slots, 'amount' | 'installments'> {
  const hits = [...digitAmounts(t, fallbackCurrency), ...wordAmounts(t, fallbackCurrency)].sort((a, b) => a.index - b.index);
  const first = hits[0]?.hit;
  if (!first) return {};
  const period = PERIOD_RE.exec(t.slice(first.end));
  if (period) {
    const word = period[1] ?? period[2] ?? '';
    const p = word === 'month' || word === 'monthly' ? 'month' : word === 'week' || word === 'weekly' ? 'week' : 'biweek';
    return { installments: { amount: first.money, period: p } };
  }
  return { amount: first.money };
}
