import { findMoneyEn } from './amounts-en.ts';
import { findMoneyZh } from './amounts-zh.ts';
import { localToday } from './calendar.ts';
import { findCallbackEn } from './callback-en.ts';
import { findCallbackZh } from './callback-zh.ts';
import { findDateEn } from './dates-en.ts';
import { findDateZh } from './dates-zh.ts';
import { maskSpans } from './spans.ts';
import type { Intent, Slots, UnderstandContext } from './types.ts';

/** Clock times are not amounts: "at 5", "after six", "3pm", 三点 are masked before money is read. */
const CLOCK_MASK_EN = /\b(?:at|after|around|before|by|past)\s+(?:\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b(?:\s*(?:am|pm|o'?clock))?|\b\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)/g;
const CLOCK_MASK_ZH = /[0-9零一二两三四五六七八九十]+点(半|[0-9零一二三四五六七八九十]+分?)?/g;

function defaultCurrency(ctx: UnderstandContext): string {
  return ctx.currency ?? (ctx.lang === 'zh' ? 'CNY' : 'USD');
}

function moneyAndDate(text: string, ctx: UnderstandContext, past: boolean): Slots {
  const now = localToday(ctx.now, ctx.timeZone);
  const today = now.startOf('day');
  const t = ctx.lang === 'zh' ? text : text.toLowerCase();
  const found = ctx.lang === 'zh' ? findDateZh(t, today, past) : findDateEn(t, today, past);
  const clockRe = ctx.lang === 'zh' ? CLOCK_MASK_ZH : CLOCK_MASK_EN;
  const clockSpans = [...t.matchAll(clockRe)].map((m) => [m.index, m.index + m[0].length] as const);
  let rest = maskSpans(t, [...found.spans, ...clockSpans]);
  // A counter-offer: "I can't do 500 but I can do 150" promises the amount after the refusal.
  const counter = /(can'?t|cannot|won'?t|不行|不了|做不到|不起)[^]*?(\bbut\b|但是|不过|可是)/.exec(rest);
  if (counter && !past) rest = ' '.repeat(counter.index + counter[0].length) + rest.slice(counter.index + counter[0].length);
  const money = ctx.lang === 'zh' ? findMoneyZh(rest, defaultCurrency(ctx)) : findMoneyEn(rest, defaultCurrency(ctx));
  return {
    ...(past ? { amount: money.amount ?? money.installments?.amount } : money),
    ...(found.date !== undefined ? { date: found.date } : {}),
    ...(found.unresolved && !past ? { dateUnresolved: found.unresolved } : {}),
  };
}

/**
 * Slots per intents.md: only stated slots, and only on promise_to_pay (amount, date, installments),
 * already_paid (amount, the past date paid), callback_request and third_party (callback time).
 */
export function extractSlots(rawText: string, intent: Intent, ctx: UnderstandContext): Slots {
  // ASR and IMEs emit full-width digits and colons ("１５号", "３：３０"); the extractors read ASCII.
  const text = rawText.replace(/[０-９：]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  switch (intent) {
    case 'promise_to_pay':
      return stripUndefined(moneyAndDate(text, ctx, false));
    case 'already_paid':
      return stripUndefined(moneyAndDate(text, ctx, true));
    case 'callback_request':
    case 'third_party': {
      const now = localToday(ctx.now, ctx.timeZone);
      const callbackTime = ctx.lang === 'zh' ? findCallbackZh(text, now) : findCallbackEn(text.toLowerCase(), now);
      return callbackTime === undefined ? {} : { callbackTime };
    }
    default:
      return {};
  }
}

function stripUndefined(slots: Slots): Slots {
  return Object.fromEntries(Object.entries(slots).filter(([, v]) => v !== undefined));
}
