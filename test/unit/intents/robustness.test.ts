import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadUnderstand } from '../../../src/adapters/intents/load-intent-models.ts';
import { INTENTS, type UnderstandContext } from '../../../src/domain/intents/types.ts';

const understand = loadUnderstand();
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_OR_MINUTE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$/;

// Words the extractors react to, mixed with noise, so that slot code paths are exercised.
const EN_WORDS = ['i', "i'll", 'pay', 'paid', 'can', "can't", 'two', 'fifty', 'hundred', '$40', '250', 'bucks', 'a', 'week', 'month', 'on', 'the', '3rd', '31st', 'friday', 'next', 'end', 'of', 'in', 'weeks', 'tomorrow', 'after', '5', 'call', 'me', 'stop', 'lawyer', 'no', 'yes', 'december', '2/30'];
const ZH_WORDS = ['我', '还', '下周五', '31号', '月底', '两周后', '一千五', '八百八', '万', '块', '元', '每月', '明天', '下午', '七点', '以后', '打给我', '别再打了', '已经', '不', '发工资', '２５号', '十三月', '三五'];

function ctxArb(lang: 'en' | 'zh'): fc.Arbitrary<UnderstandContext> {
  return fc.record({
    lang: fc.constant(lang),
    now: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2035-12-31T00:00:00Z'), noInvalidDate: true }),
    timeZone: fc.constantFrom('America/New_York', 'Asia/Shanghai', 'Pacific/Auckland', 'UTC', 'America/Los_Angeles'),
  });
}

describe.each([
  ['en', EN_WORDS, ' '],
  ['zh', ZH_WORDS, ''],
] as const)('understand(%s) on arbitrary input', (lang, words, sep) => {
  it('always returns a known intent, a confidence in [0, 1] and well-formed slots', () => {
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.array(fc.constantFrom(...words), { maxLength: 12 }).map((w) => w.join(sep)));
    fc.assert(
      fc.property(text, ctxArb(lang), (t, ctx) => {
        const u = understand(t, ctx);
        expect(INTENTS).toContain(u.intent);
        expect(u.confidence).toBeGreaterThanOrEqual(0);
        expect(u.confidence).toBeLessThanOrEqual(1);
        if (u.slots.date !== undefined) expect(u.slots.date).toMatch(DAY);
        if (u.slots.callbackTime !== undefined) expect(u.slots.callbackTime).toMatch(DAY_OR_MINUTE);
        if (u.slots.amount) expect(u.slots.amount.value).toBeGreaterThan(0);
        if (u.slots.installments) expect(u.slots.amount).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });
});
