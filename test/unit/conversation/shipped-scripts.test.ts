import { describe, expect, it } from 'vitest';
import { loadScript, type Script } from '../../../src/domain/conversation/index.ts';
import type { Lang } from '../../../src/domain/intents/types.ts';
import { ACCOUNTS, CallDriver, fakeUnderstand, NOW, shippedYaml, type Heard } from './call-driver.ts';

/** What callers say in each language, and what the (fake) classifier makes of it. */
const LANGS = {
  en: {
    script: 'collections-en',
    yes: 'yes',
    no: 'no',
    pay200: 'I can pay 200 on December 15th',
    payAllFriday: "I'll pay it all on Friday",
    hardship: "I lost my job, I can't pay",
    dispute: "That's not my debt",
    cease: 'Stop calling me',
    wrong: 'You have the wrong number',
    third: "She's at work, I'm her husband",
    robot: 'Are you a robot?',
    agent: 'I want to talk to a person',
    balance: 'How much do I owe?',
    callback: 'Call me tomorrow after 5',
    mumble: 'hmm I guess',
    dob: 'March 5th 1985',
    amountDue: '$1,250.00',
    promised: ['$200.00', 'December 15, 2026'],
    miranda: 'debt collector',
    debtWords: /debt|owe|balance|\$|collect|pay/i,
  },
  zh: {
    script: 'collections-zh',
    yes: '是的',
    no: '不是',
    pay200: '12月15号先还两百',
    payAllFriday: '周五全部还清',
    hardship: '我失业了，还不上',
    dispute: '这不是我借的钱',
    cease: '别再打电话了',
    wrong: '你打错了',
    third: '他在上班，我是他老婆',
    robot: '你是机器人吗',
    agent: '转人工',
    balance: '我欠多少钱',
    callback: '明天下午再打',
    mumble: '嗯那个',
    dob: '1985年3月5日',
    amountDue: '¥2,500.00',
    promised: ['¥200.00', '2026年12月15日'],
    miranda: '债务催收',
    debtWords: /欠|债|催收|还款|¥|金额/,
  },
} as const;

function table(l: (typeof LANGS)[Lang]): Record<string, Heard> {
  const currency = l.script === 'collections-en' ? 'USD' : 'CNY';
  return {
    [l.yes]: { intent: 'affirm' },
    [l.no]: { intent: 'deny' },
    [l.pay200]: { intent: 'promise_to_pay', slots: { amount: { value: 200, currency }, date: '2026-12-15' } },
    [l.payAllFriday]: { intent: 'promise_to_pay', slots: { date: '2026-11-27' } },
    [l.hardship]: { intent: 'hardship' },
    [l.dispute]: { intent: 'dispute' },
    [l.cease]: { intent: 'cease_communication' },
    [l.wrong]: { intent: 'wrong_number' },
    [l.third]: { intent: 'third_party' },
    [l.robot]: { intent: 'ask_if_robot' },
    [l.agent]: { intent: 'request_agent' },
    [l.balance]: { intent: 'ask_balance' },
    [l.callback]: { intent: 'callback_request', slots: { callbackTime: '2026-11-24T17:00' } },
    [l.mumble]: { intent: 'affirm', confidence: 0.35 },
  };
}

describe.each(['en', 'zh'] as const)('shipped script collections-%s', (lang) => {
  const l = LANGS[lang];
  const script: Script = loadScript(shippedYaml(l.script));
  const start = (
    over: Partial<Parameters<typeof fakeUnderstand>[0]> = {},
    entry?: 'live' | 'machine' | 'abandoned',
  ): CallDriver =>
    new CallDriver(script, ACCOUNTS[lang], {
      understand: fakeUnderstand({ ...table(l), ...over } as Record<string, Heard>),
      lang,
      timeZone: lang === 'en' ? 'America/New_York' : 'Asia/Shanghai',
      now: NOW,
      ...(entry ? { entry } : {}),
    });
  /** Greeting, "yes it's me", the last four digits keyed in: now past the mini-Miranda, at the balance question. */
  const verified = (): CallDriver => start().say(l.yes).key('1234').settle();
  const leaked = (d: CallDriver): string[] =>
    d.prompts().filter((p) => l.debtWords.test(p) || p.includes(l.amountDue));

  it('opens with business identity, AI disclosure and recording notice, then asks for the person by name', () => {
    const d = start().settle();
    const [greeting, ask] = d.prompts();
    expect(greeting).toContain(ACCOUNTS[lang].companyName);
    expect(greeting).toMatch(lang === 'en' ? /virtual assistant.*recorded/ : /智能语音助手.*录音/);
    expect(ask).toContain(ACCOUNTS[lang].firstName);
    expect(d.of('startListening')).toHaveLength(1);
  });

  it('right party pays in full: mini-Miranda only after verification, read-back, promise recorded, promise_to_pay', () => {
    const d = verified();
    const prompts = d.prompts();
    const mirandaAt = prompts.findIndex((p) => p.includes(l.miranda));
    const amountAt = prompts.findIndex((p) => p.includes(l.amountDue));
    expect(mirandaAt).toBeGreaterThan(0);
    expect(d.data.verified).toBe(true);
    expect(amountAt).toBe(mirandaAt + 1);
    d.say(l.yes);
    expect(d.prompts().at(-1)).toContain(l.amountDue); // read back before recording
    expect(d.of('recordPromise')).toHaveLength(0);
    d.say(l.yes);
    expect(d.of('recordPromise')).toEqual([
      { type: 'recordPromise', amount: ACCOUNTS[lang].amountDue, date: '2026-11-23' },
    ]);
    d.settle();
    expect(d.hangup()).toEqual({ type: 'hangup', disposition: 'promise_to_pay' });
  });

  it('partial promise with a date: negotiates, reads back amount and date, records exactly that', () => {
    const d = verified().say(l.no).say(l.pay200);
    const readBack = d.prompts().at(-1) ?? '';
    for (const part of l.promised) expect(readBack).toContain(part);
    d.say(l.yes).settle();
    expect(d.of('recordPromise')).toEqual([
      {
        type: 'recordPromise',
        amount: { value: 200, currency: ACCOUNTS[lang].amountDue.currency },
        date: '2026-12-15',
      },
    ]);
    expect(d.hangup()?.disposition).toBe('promise_to_pay');
  });

  it('"I\'ll pay it all on Friday" at the full-amount question is the full amount on that Friday', () => {
    const d = verified().say(l.payAllFriday).say(l.yes).settle();
    expect(d.of('recordPromise')).toEqual([
      { type: 'recordPromise', amount: ACCOUNTS[lang].amountDue, date: '2026-11-27' },
    ]);
  });

  it('a promise the caller denies at the read-back is not recorded', () => {
    const d = verified().say(l.no).say(l.pay200).say(l.no);
    expect(d.stateName()).toBe('negotiate');
    expect(d.of('recordPromise')).toEqual([]);
  });

  it('hardship → flag, agent requested, transferred when an agent takes it', () => {
    const d = verified().say(l.hardship);
    expect(d.of('setFlag')).toEqual([{ type: 'setFlag', flag: 'hardship' }]);
    expect(d.of('requestAgent')).toEqual([{ type: 'requestAgent', reason: 'hardship' }]);
    d.send({ type: 'agent.available' });
    d.settle();
    expect(d.of('transferToAgent')).toEqual([{ type: 'transferToAgent', disposition: 'hardship' }]);
    expect(d.data.phase).toBe('ended');
  });

  it('no agent free → offers a callback and schedules it at the time the caller gives', () => {
    const d = start().settle().say(l.agent);
    d.send({ type: 'agent.unavailable' });
    d.say(l.callback);
    expect(d.of('scheduleCallback')).toEqual([
      { type: 'scheduleCallback', callbackTime: '2026-11-24T17:00' },
    ]);
    expect(d.hangup()?.disposition).toBe('callback');
  });

  it('dispute → dispute flag and disposition, no payment asked', () => {
    const d = verified().say(l.dispute);
    expect(d.of('setFlag').map((f) => f.flag)).toEqual(['dispute']);
    expect(d.settle().hangup()?.disposition).toBe('dispute');
    expect(d.of('recordPromise')).toEqual([]);
  });

  it('cease before verification → cease flag, polite end, nothing about the debt said', () => {
    const d = start().say(l.cease).settle();
    expect(d.of('setFlag').map((f) => f.flag)).toEqual(['cease']);
    expect(d.hangup()?.disposition).toBe('cease');
    expect(leaked(d)).toEqual([]);
  });

  it('wrong number → wrong_number, nothing about the debt said', () => {
    const d = start().say(l.wrong).settle();
    expect(d.hangup()?.disposition).toBe('wrong_number');
    expect(d.of('setFlag').map((f) => f.flag)).toEqual(['wrong_number']);
    expect(leaked(d)).toEqual([]);
  });

  it('third party → asks them to pass on the callback number and never discloses the debt', () => {
    const d = start().say(l.robot).say(l.balance).say(l.third).settle();
    expect(d.hangup()?.disposition).toBe('third_party');
    expect(d.prompts().at(-1)).toContain(ACCOUNTS[lang].callbackNumber);
    expect(leaked(d)).toEqual([]);
    expect(d.data.verified).toBe(false);
  });

  it('"no, not me" then "yes, reachable here" is a third party; "not reachable here" a wrong number', () => {
    expect(start().say(l.no).say(l.yes).settle().hangup()?.disposition).toBe('third_party');
    expect(start().say(l.no).say(l.no).settle().hangup()?.disposition).toBe('wrong_number');
  });

  it('answering machine mid-greeting → greeting stopped, limited-content message after the beep, voicemail_left', () => {
    const d = start();
    d.send({ type: 'machine.detected' });
    expect(d.lastEffects[0]).toEqual({ type: 'stopPlayback' });
    const message = d.of('playPrompt').at(-1);
    expect(message?.voicemail).toBe(true);
    for (const must of [ACCOUNTS[lang].firstName, ACCOUNTS[lang].contactName, ACCOUNTS[lang].callbackNumber])
      expect(message?.text).toContain(must);
    expect(message?.text).not.toContain(ACCOUNTS[lang].companyName);
    expect(message?.text).not.toMatch(l.debtWords);
    d.settle();
    expect(d.hangup()?.disposition).toBe('voicemail_left');
  });

  it('abandoned call → limited-content message and abandoned', () => {
    const d = start({}, 'abandoned').settle();
    expect(d.prompts()).toHaveLength(1);
    expect(d.prompts()[0]).toContain(ACCOUNTS[lang].callbackNumber);
    expect(d.prompts()[0]).not.toMatch(l.debtWords);
    expect(d.hangup()?.disposition).toBe('abandoned');
  });

  it('silence: re-prompts twice, then ends politely with no_response', () => {
    const d = start().settle();
    const asked = d.prompts().length;
    d.silence().silence();
    expect(d.prompts()).toHaveLength(asked + 2);
    expect(d.prompts().at(-1)).toContain(ACCOUNTS[lang].firstName); // the re-prompt repeats the question
    expect(d.hangup()).toBeUndefined();
    d.silence();
    expect(d.hangup()?.disposition).toBe('no_response');
    expect(d.of('startTimer').length).toBe(3);
  });

  it('barge-in stops a question but not the disclosures', () => {
    const d = start();
    d.send({ type: 'speech.started' });
    expect(d.lastEffects).toEqual([]); // greeting with disclosures plays to the end
    d.send({ type: 'prompt.finished', promptId: d.data.playingPromptId ?? '' });
    d.send({ type: 'speech.started' });
    expect(d.lastEffects[0]).toEqual({ type: 'stopPlayback' });
    d.send({ type: 'speech.recognized', text: l.yes, confidence: 0.9, at: NOW });
    expect(d.stateName()).toBe('verify_identity');
  });

  it('"are you a robot?" is answered truthfully and the question is asked again', () => {
    const d = start().say(l.robot);
    const answer = d.prompts().at(-1) ?? '';
    expect(answer).toMatch(
      lang === 'en' ? /automated virtual assistant, not a person/ : /智能语音助手，不是真人/,
    );
    expect(answer).toContain(ACCOUNTS[lang].firstName);
    expect(d.stateName()).toBe('ask_for_party');
  });

  it('low confidence → asks again and never acts on the guess', () => {
    const d = start().say(l.mumble);
    expect(d.stateName()).toBe('ask_for_party');
    expect(
      d.data.transcript.some(
        (t) => t.heard?.text === l.mumble && t.intent === 'affirm' && (t.confidence ?? 1) < 0.6,
      ),
    ).toBe(true);
    d.say(l.yes);
    expect(d.stateName()).toBe('verify_identity');
  });

  it('asking the balance before verification gets no amount; after verification gets it', () => {
    expect(leaked(start().say(l.balance).settle())).toEqual([]);
    const d = verified().say(l.balance);
    expect(d.prompts().at(-1)).toContain(l.amountDue);
  });

  it('wrong identity answer three times → unverified, never discloses', () => {
    const d = start().say(l.yes).key('9999').key('9998').key('9997').settle();
    expect(d.hangup()?.disposition).toBe('unverified');
    expect(leaked(d)).toEqual([]);
  });

  it('date-of-birth check by speech when configured; the transcript keeps only the outcome', () => {
    const d = new CallDriver(script, ACCOUNTS[lang], {
      understand: fakeUnderstand(table(l)),
      lang,
      timeZone: 'UTC',
      now: NOW,
      verification: 'dob',
    }).say(l.yes);
    expect(d.of('startListening').at(-1)).toEqual({
      type: 'startListening',
      speech: true,
      dtmf: { maxDigits: 8 },
    });
    d.say(l.dob).settle();
    expect(d.data.verified).toBe(true);
    expect(JSON.stringify(d.data.transcript)).not.toContain('1985');
  });

  it('records every turn: prompt, heard text, intent, confidence, slots and transition', () => {
    const d = verified().say(l.no).say(l.pay200);
    const t = d.data.transcript;
    const heard = t.find((x) => x.heard?.text === l.pay200);
    expect(heard).toMatchObject({
      intent: 'promise_to_pay',
      confidence: 0.92,
      slots: { date: '2026-12-15' },
      state: 'negotiate',
    });
    expect(t.some((x) => x.transition?.from === 'negotiate' && x.transition.to === 'confirm_promise')).toBe(
      true,
    );
    expect(t.filter((x) => x.prompt).length).toBe(d.prompts().length);
  });

  it('caller hangs up after verification → right_party_contact; stale events afterwards change nothing', () => {
    const d = verified();
    d.send({ type: 'call.hungup' });
    expect(d.data.disposition).toBe('right_party_contact');
    expect(d.send({ type: 'speech.recognized', text: l.yes, confidence: 1, at: NOW })).toEqual([]);
  });
});
