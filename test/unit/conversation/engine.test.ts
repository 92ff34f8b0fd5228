import { describe, expect, it } from 'vitest';
import { loadScript, step } from '../../../src/domain/conversation/index.ts';
import { checkIdentity, spokenDigits } from '../../../src/domain/conversation/identity-check.ts';
import { formatDate, formatMoney, localDate } from '../../../src/domain/conversation/template.ts';
import { ACCOUNTS, CallDriver, fakeUnderstand, NOW, shippedYaml } from './call-driver.ts';

const script = loadScript(shippedYaml('collections-en'));
const understand = fakeUnderstand({
  yes: { intent: 'affirm' },
  'I want a person': { intent: 'request_agent' },
  'stop calling': { intent: 'cease_communication' },
});
const start = (): CallDriver =>
  new CallDriver(script, ACCOUNTS.en, { understand, lang: 'en', timeZone: 'America/New_York', now: NOW });

describe('conversation engine mechanics', () => {
  it('is pure: stepping the same state twice gives the same result and leaves the input untouched', () => {
    const d = start().settle();
    const before = JSON.stringify(d.conversation.data);
    const event = { type: 'speech.recognized', text: 'yes', confidence: 0.9, at: NOW } as const;
    const a = step(d.conversation, event);
    const b = step(d.conversation, event);
    expect(JSON.stringify(d.conversation.data)).toBe(before);
    expect(a.effects).toEqual(b.effects);
    expect(a.state.data).toEqual(b.state.data);
  });

  it('timers are effects: a question starts one after it plays; leaving the state cancels it; a stale one is ignored', () => {
    const d = start().settle();
    const timer = d.of('startTimer')[0];
    expect(timer).toMatchObject({ ms: 6000 });
    d.say('yes');
    expect(d.of('cancelTimer')).toContainEqual({ type: 'cancelTimer', timerId: timer?.timerId });
    const before = d.data;
    expect(d.send({ type: 'timer.fired', timerId: timer?.timerId ?? '' })).toEqual([]);
    expect(d.data).toEqual(before);
  });

  it('the identity question waits longer than a yes/no (its own timeout)', () => {
    const d = start().say('yes');
    expect(d.of('startTimer').at(-1)).toMatchObject({ ms: 10_000 });
  });

  it('ignores a prompt.finished for a prompt that was stopped by barge-in', () => {
    const d = start().settle();
    d.silence(); // re-prompt playing
    const stopped = d.data.playingPromptId ?? '';
    d.send({ type: 'speech.started' });
    expect(d.send({ type: 'prompt.finished', promptId: stopped })).toEqual([]);
  });

  it('stamps transcript turns with the time of the event that produced them', () => {
    const d = start().settle().say('yes');
    expect(d.data.transcript[0]?.at).toBe(NOW.toISOString()); // the greeting, at answer time
    expect(d.data.transcript.find((t) => t.heard?.text === 'yes')?.at).toBe(NOW.toISOString());
    const later = new Date(NOW.getTime() + 4000);
    d.send({ type: 'call.hungup', at: later });
    expect(d.data.transcript.at(-1)?.at).toBe(later.toISOString());
  });

  it('speech heard while a disclosure plays is recorded but not acted on', () => {
    const d = start();
    d.send({ type: 'speech.recognized', text: 'stop calling', confidence: 0.9, at: NOW });
    expect(d.lastEffects).toEqual([]);
    expect(d.data.transcript.at(-1)).toMatchObject({
      heard: { text: 'stop calling' },
      event: 'ignored:not_listening',
    });
  });

  it('an unmapped key is a no-match: the question is asked again', () => {
    const d = start().key('7');
    expect(d.prompts().at(-1)).toMatch(/^Sorry, I didn't understand\. May I please speak with Maria Lopez\?/);
    expect(d.stateName()).toBe('ask_for_party');
  });

  it('agent events are ignored unless the robot is waiting for an agent', () => {
    const d = start().settle();
    expect(d.send({ type: 'agent.available' })).toEqual([]);
    d.send({ type: 'speech.recognized', text: 'I want a person', confidence: 0.9, at: NOW });
    expect(d.of('requestAgent')).toEqual([{ type: 'requestAgent', reason: 'caller_request' }]);
    d.send({ type: 'agent.available' }); // while "one moment" still plays: stop it and hand over
    expect(d.lastEffects[0]).toEqual({ type: 'stopPlayback' });
    d.settle();
    expect(d.of('transferToAgent')).toEqual([{ type: 'transferToAgent', disposition: 'transferred' }]);
  });

  it('a caller who hangs up during the closing keeps the promise_to_pay disposition; no hangup effect is sent', () => {
    const d = start().say('yes').key('1234').say('yes');
    d.send({ type: 'speech.recognized', text: 'yes', confidence: 0.9, at: NOW }); // closing starts playing
    expect(d.of('recordPromise')).toHaveLength(1);
    d.send({ type: 'call.hungup' });
    expect(d.data.disposition).toBe('promise_to_pay');
    expect(d.of('hangup')).toEqual([]);
  });

  it('a caller who hangs up before anyone is identified is no_contact', () => {
    const d = start();
    d.send({ type: 'call.hungup' });
    expect(d.data.disposition).toBe('no_contact');
  });

  it('starting on a machine goes straight to the limited-content message', () => {
    const d = new CallDriver(script, ACCOUNTS.en, {
      understand,
      lang: 'en',
      timeZone: 'UTC',
      now: NOW,
      entry: 'machine',
    });
    expect(d.of('playPrompt')).toMatchObject([{ voicemail: true, bargeIn: false }]);
    expect(d.send({ type: 'machine.detected' })).toEqual([]);
  });
});

describe('identity check', () => {
  const acct = ACCOUNTS.en;
  it('reads spoken digits in English and Chinese', () => {
    expect(spokenDigits('one two three four')).toBe('1234');
    expect(spokenDigits('幺二三四')).toBe('1234');
    expect(spokenDigits('oh five, one 9')).toBe('0519');
  });
  it('takes keyed dates in the order people say them: MMDDYYYY in English, YYYYMMDD in Chinese', () => {
    expect(checkIdentity('dob', { text: '03051985', source: 'dtmf' }, acct, 'en')).toBe('match');
    expect(checkIdentity('dob', { text: '19850305', source: 'dtmf' }, acct, 'zh')).toBe('match');
    expect(checkIdentity('dob', { text: '03051985', source: 'dtmf' }, acct, 'zh')).toBe('mismatch');
  });
  it('takes spoken dates in several forms, and says when no attempt was made', () => {
    expect(checkIdentity('dob', { text: 'it is 3/5/1985', source: 'speech' }, acct, 'en')).toBe('match');
    expect(checkIdentity('dob', { text: 'March 6, 1985', source: 'speech' }, acct, 'en')).toBe('mismatch');
    expect(checkIdentity('dob', { text: 'who is this?', source: 'speech' }, acct, 'en')).toBe('unanswered');
  });
  it('never matches when the account has no answer on file', () => {
    const noAnswer = { ...acct, verification: {} };
    expect(checkIdentity('last4', { text: '1234', source: 'dtmf' }, noAnswer, 'en')).toBe('mismatch');
  });
});

describe('formatting for speech', () => {
  it('formats money and dates per locale', () => {
    expect(formatMoney({ value: 1250, currency: 'USD' }, 'en-US')).toBe('$1,250.00');
    expect(formatMoney({ value: 2500, currency: 'CNY' }, 'zh-CN')).toBe('¥2,500.00');
    expect(formatDate('2026-12-15', 'en-US')).toBe('December 15, 2026');
    expect(formatDate('2026-12-15', 'zh-CN')).toBe('2026年12月15日');
  });
  it('"today" is the consumer\'s calendar day, not the server\'s', () => {
    const lateEvening = new Date('2026-11-24T03:30:00Z');
    expect(localDate(lateEvening, 'America/Los_Angeles')).toBe('2026-11-23');
    expect(localDate(lateEvening, 'Asia/Shanghai')).toBe('2026-11-24');
  });
});
