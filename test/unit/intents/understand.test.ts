import { describe, expect, it } from 'vitest';
import { loadUnderstand } from '../../../src/adapters/intents/load-intent-models.ts';
import type { UnderstandContext } from '../../../src/domain/intents/types.ts';

const understand = loadUnderstand();
const en: UnderstandContext = { lang: 'en', now: new Date('2026-11-23T15:00:00Z'), timeZone: 'America/New_York' };
const zh: UnderstandContext = { lang: 'zh', now: new Date('2026-11-23T02:00:00Z'), timeZone: 'Asia/Shanghai' };

describe('precedence and promise rules of intents.md', () => {
  it.each([
    ["It's not even my loan, quit phoning me", 'cease_communication'],
    ["my wife takes care of that, she's out till seven", 'third_party'],
    ["I'm short this month but put me down for 40 on the 3rd", 'promise_to_pay'],
    ["I'll send 80 Tuesday", 'promise_to_pay'],
    ['can I do 30 a week', 'promise_to_pay'],
    ['I guess I can do 60', 'promise_to_pay'],
    ["when my check comes Friday I'll pay 150", 'promise_to_pay'],
    ['I want to pay', 'out_of_scope'],
    ['I should pay', 'out_of_scope'],
    ["I can't do 300 Monday", 'hardship'],
    ["I'll pay once I land a job", 'hardship'],
    ["oh sure, I'll pay you a million dollars tomorrow", 'refuse_to_pay'],
    ['sue me then', 'refuse_to_pay'],
    ['stop calling me', 'cease_communication'],
    ['call again and I will report you', 'cease_communication'],
    ['stop calling me at work', 'callback_request'],
    ['not before 9', 'callback_request'],
    ['talk to my lawyer', 'attorney_represented'],
    ['talk to my bankruptcy lawyer', 'bankruptcy'],
    ['my employer went bankrupt and I lost my job', 'hardship'],
    ['I never borrowed that money', 'dispute'],
    ['are you a robot? get me a human', 'request_agent'],
    ['are you a robot', 'ask_if_robot'],
    ['speaking', 'affirm'],
    ['she passed away', 'third_party'],
  ])('en: %s → %s', (text, intent) => {
    expect(understand(text, en).intent).toBe(intent);
  });

  it.each([
    ['先还三百可以吗', 'promise_to_pay'],
    ['根本不是我的贷款，别再打了', 'cease_communication'],
    ['法院裁定破产了', 'bankruptcy'],
    ['公司倒闭破产了，我也没工作了', 'hardship'],
    ['不要打到我单位', 'callback_request'],
    ['是我', 'affirm'],
    ['转人工', 'request_agent'],
    ['周一还三百我做不到', 'hardship'],
    ['你是机器人吗', 'ask_if_robot'],
  ])('zh: %s → %s', (text, intent) => {
    expect(understand(text, zh).intent).toBe(intent);
  });
});

describe('understand()', () => {
  it('answers the issue example with the slots it states and no others', () => {
    const u = understand('I can pay two hundred fifty next Friday', en);
    expect(u).toMatchObject({ intent: 'promise_to_pay', slots: { amount: { value: 250, currency: 'USD' }, date: '2026-11-27' } });
    expect(Object.keys(u.slots).sort()).toEqual(['amount', 'date']);
    expect(u.confidence).toBeGreaterThan(0.5);
    expect(u.confidence).toBeLessThanOrEqual(1);
  });

  it('is pure: same input, same answer', () => {
    expect(understand('我下周五还五百', zh)).toEqual(understand('我下周五还五百', zh));
  });

  it('treats silence as out_of_scope', () => {
    expect(understand('   ', en)).toMatchObject({ intent: 'out_of_scope', slots: {} });
  });

  it('says which language is missing instead of guessing', () => {
    const enOnly = loadUnderstand(['en']);
    expect(() => enOnly('你好', zh)).toThrow(/no intent model loaded for language zh/);
  });
});
