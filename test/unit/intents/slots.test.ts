import { describe, expect, it } from 'vitest';
import { extractSlots } from '../../../src/domain/intents/slots.ts';
import type { Intent, UnderstandContext } from '../../../src/domain/intents/types.ts';

// Monday 2026-11-23, 10:00 local in both zones.
const en: UnderstandContext = { lang: 'en', now: new Date('2026-11-23T15:00:00Z'), timeZone: 'America/New_York' };
const zh: UnderstandContext = { lang: 'zh', now: new Date('2026-11-23T02:00:00Z'), timeZone: 'Asia/Shanghai' };
const usd = (value: number) => ({ value, currency: 'USD' });
const cny = (value: number) => ({ value, currency: 'CNY' });
const promise = (text: string, ctx: UnderstandContext) => extractSlots(text, 'promise_to_pay', ctx);

describe('amounts (issue 4 and intents.md spoken forms)', () => {
  it.each([
    ["I'll pay two hundred fifty", usd(250)],
    ["I'll pay $250", usd(250)],
    ["I'll pay 250 bucks", usd(250)],
    ['I can do two fifty', usd(250)],
    ["I'll send twelve hundred", usd(1200)],
    ['I can pay $1,000', usd(1000)],
  ])('en: %s', (text, amount) => {
    expect(promise(text, en).amount).toEqual(amount);
  });

  it.each([
    ['我还两千五百块', cny(2500)],
    ['2500元', cny(2500)],
    ['五百', cny(500)],
    ['还你一千五', cny(1500)],
    ['先还八百八', cny(880)],
    ['我还两万', cny(20000)],
    ['我还100美元', usd(100)],
  ])('zh: %s', (text, amount) => {
    expect(promise(text, zh).amount).toEqual(amount);
  });

  it('uses the configured currency for bare amounts', () => {
    expect(promise('I can pay 40', { ...en, currency: 'CAD' }).amount).toEqual({ value: 40, currency: 'CAD' });
  });

  it('has no amount for "in full", "the rest" or "half"', () => {
    expect(promise("I'll pay it in full on Friday", en).amount).toBeUndefined();
    expect(promise("I'll pay the rest next week", en).amount).toBeUndefined();
    expect(promise("I'll pay half tomorrow", en).amount).toBeUndefined();
  });

  it('does not read a day of the month or a clock time as money', () => {
    expect(promise('put me down for 40 on the 3rd', en)).toEqual({ amount: usd(40), date: '2026-12-03' });
    expect(promise('15号我还2500元', zh)).toEqual({ amount: cny(2500), date: '2026-12-15' });
    expect(promise('１５号我还２５００元', zh)).toEqual({ amount: cny(2500), date: '2026-12-15' });
  });

  it('takes the counter-offer, not the refused amount', () => {
    expect(promise("I can't do 500 but I can do 150 on Friday", en).amount).toEqual(usd(150));
  });
});

describe('dates resolved in the call zone (intents.md)', () => {
  it.each([
    ['I will pay next Friday', '2026-11-27'],
    ['I will pay Friday', '2026-11-27'],
    ['I will pay this Friday', '2026-11-27'],
    ['I will pay next Monday', '2026-11-30'], // said on a Monday: a week later
    ['I will pay on the 15th', '2026-12-15'],
    ['I will pay on the 30th', '2026-11-30'],
    ['I will pay by the end of the month', '2026-11-30'],
    ['I will pay by the end of next month', '2026-12-31'],
    ['I will pay in two weeks', '2026-12-07'],
    ['I will pay in 3 days', '2026-11-26'],
    ['I will pay by Friday', '2026-11-27'],
    ['I will pay tomorrow', '2026-11-24'],
    ['I will pay on December 5th', '2026-12-05'],
  ])('en: %s → %s', (text, date) => {
    expect(promise(text, en).date).toBe(date);
  });

  it.each([
    ['下周五还', '2026-12-04'],
    ['这周五还', '2026-11-27'],
    ['周五还', '2026-11-27'],
    ['15号还', '2026-12-15'],
    ['25号还', '2026-11-25'],
    ['月底还', '2026-11-30'],
    ['下个月底还', '2026-12-31'],
    ['两周后还', '2026-12-07'],
    ['三天后还', '2026-11-26'],
    ['15号之前还', '2026-12-15'],
    ['下个月10号还', '2026-12-10'],
    ['12月5号还', '2026-12-05'],
    ['明天还', '2026-11-24'],
  ])('zh: %s → %s', (text, date) => {
    expect(promise(text, zh).date).toBe(date);
  });

  it('gives no date, with a reason, for payday and periods', () => {
    const payday = promise('发工资那天还两千', zh);
    expect(payday.date).toBeUndefined();
    expect(payday.dateUnresolved?.text).toBe('发工资那天');
    expect(payday.dateUnresolved?.reason).toMatch(/payday/);
    for (const text of ["I'll pay on payday", "I'll pay next week", "I'll pay next month", "I'll pay after the holidays"]) {
      const slots = promise(text, en);
      expect(slots.date, text).toBeUndefined();
      expect(slots.dateUnresolved, text).toBeDefined();
    }
    expect(promise('下个月还', zh).date).toBeUndefined();
  });

  it('points back for already_paid', () => {
    const paid = (text: string, ctx: UnderstandContext, intent: Intent = 'already_paid') => extractSlots(text, intent, ctx);
    expect(paid('I paid 200 on the 10th', en)).toEqual({ amount: usd(200), date: '2026-11-10' });
    expect(paid('I paid last Friday', en).date).toBe('2026-11-20');
    expect(paid('I paid on the 30th', en).date).toBe('2026-10-30');
    expect(paid('上周五已经还了', zh).date).toBe('2026-11-20');
    expect(paid('10号已经还了三千', zh)).toEqual({ amount: cny(3000), date: '2026-11-10' });
  });

  it('resolves "tomorrow" on the debtor\'s calendar, not the server\'s', () => {
    const instant = new Date('2026-11-23T02:00:00Z'); // Sunday 21:00 in New York, Monday 10:00 in Shanghai
    expect(promise('I will pay tomorrow', { ...en, now: instant }).date).toBe('2026-11-23');
    expect(promise('明天还', { ...zh, now: instant }).date).toBe('2026-11-24');
  });
});

describe('installments', () => {
  it.each([
    ['$50 a month', { amount: usd(50), period: 'month' }],
    ['I can do 30 a week', { amount: usd(30), period: 'week' }],
    ['45 every two weeks', { amount: usd(45), period: 'biweek' }],
    ['twenty bucks biweekly', { amount: usd(20), period: 'biweek' }],
  ])('en: %s', (text, installments) => {
    const slots = promise(text, en);
    expect(slots.installments).toEqual(installments);
    expect(slots.amount).toBeUndefined();
  });

  it.each([
    ['每月还500', { amount: cny(500), period: 'month' }],
    ['每周还两百', { amount: cny(200), period: 'week' }],
    ['每两周还三百', { amount: cny(300), period: 'biweek' }],
  ])('zh: %s', (text, installments) => {
    expect(promise(text, zh).installments).toEqual(installments);
  });

  it('puts a stated start in date', () => {
    expect(promise('$50 a month starting on the 1st', en)).toEqual({ installments: { amount: usd(50), period: 'month' }, date: '2026-12-01' });
  });
});

describe('callback time', () => {
  const cb = (text: string, ctx: UnderstandContext) => extractSlots(text, 'callback_request', ctx).callbackTime;
  it.each([
    ['call me tomorrow after 5', '2026-11-24T17:00'],
    ['call me tomorrow morning', '2026-11-24'],
    ['call me at 3pm tomorrow', '2026-11-24T15:00'],
    ['call me Friday at 10', '2026-11-27T10:00'],
    ['call back after six tonight', '2026-11-23T18:00'],
    ['call me Monday morning', '2026-11-30'], // said on a Monday: the next one
  ])('en: %s → %s', (text, at) => {
    expect(cb(text, en)).toBe(at);
  });

  it.each([
    ['明天下午再打', '2026-11-24'],
    ['晚上七点以后打给我', '2026-11-23T19:00'],
    ['明天上午十点打给我', '2026-11-24T10:00'],
    ['下午三点半打', '2026-11-23T15:30'],
  ])('zh: %s → %s', (text, at) => {
    expect(cb(text, zh)).toBe(at);
  });

  it('has none for "in an hour", "later" and standing restrictions', () => {
    for (const text of ['call me in an hour', 'call me later', 'not before 9 please', "I can't talk right now"]) {
      expect(cb(text, en), text).toBeUndefined();
    }
    for (const text of ['一个小时后再打', '晚点再打', '早上九点以前别打']) expect(cb(text, zh), text).toBeUndefined();
  });

  it('fills only the slots of the intent', () => {
    expect(extractSlots('I paid 200 and call me tomorrow', 'hardship', en)).toEqual({});
    expect(extractSlots("he's out, call back tomorrow after 5", 'third_party', en)).toEqual({ callbackTime: '2026-11-24T17:00' });
  });
});
