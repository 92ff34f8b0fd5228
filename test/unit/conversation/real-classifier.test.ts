import { describe, expect, it } from 'vitest';
import { loadUnderstand } from '../../../src/adapters/intents/load-intent-models.ts';
import { loadScript } from '../../../src/domain/conversation/index.ts';
import { ACCOUNTS, CallDriver, NOW, shippedYaml } from './call-driver.ts';

/** The shipped scripts with the shipped classifier (src/domain/intents), not a stand-in. */
const understand = loadUnderstand();

const CASES = {
  en: {
    script: 'collections-en',
    tz: 'America/New_York',
    yes: (d: CallDriver) => d.say('yes'),
    promise: 'I can pay 200 on December 15th',
    cease: 'Stop calling me',
    robot: 'Are you a robot?',
    robotAnswer: /not a person/,
  },
  zh: {
    script: 'collections-zh',
    tz: 'Asia/Shanghai',
    yes: (d: CallDriver) => d.say('是的'),
    promise: '12月15号先还两百',
    cease: '别再打电话了',
    robot: '你是机器人吗',
    robotAnswer: /不是真人/,
  },
} as const;

describe.each(['en', 'zh'] as const)('collections-%s with the real classifier', (lang) => {
  const c = CASES[lang];
  const script = loadScript(shippedYaml(c.script));
  const start = (): CallDriver =>
    new CallDriver(script, ACCOUNTS[lang], { understand, lang, timeZone: c.tz, now: NOW });

  it('records the partial promise the caller states, with its amount and date', () => {
    const d = c.yes(start()).key('1234').say(c.promise);
    expect(d.stateName()).toBe('confirm_promise');
    c.yes(d).settle();
    expect(d.of('recordPromise')).toEqual([
      {
        type: 'recordPromise',
        amount: { value: 200, currency: ACCOUNTS[lang].amountDue.currency },
        date: '2026-12-15',
      },
    ]);
    expect(d.hangup()?.disposition).toBe('promise_to_pay');
  });

  it('"stop calling me" ends with cease', () => {
    expect(start().say(c.cease).settle().hangup()?.disposition).toBe('cease');
  });

  it('answers the robot question truthfully', () => {
    expect(start().say(c.robot).prompts().at(-1)).toMatch(c.robotAnswer);
  });
});

describe('short answers with the real classifier', () => {
  // A bare "yes"/"no" carries little text for the n-gram model; a high-precision rule makes it confident
  // enough for the robot to act on rather than ask again.
  it('accepts a plain spoken "yes" / "no" in English', () => {
    const script = loadScript(shippedYaml('collections-en'));
    const d = new CallDriver(script, ACCOUNTS.en, { understand, lang: 'en', timeZone: 'America/New_York', now: NOW });
    expect(d.say('yes').stateName()).not.toBe('ask_for_party');
    const other = new CallDriver(script, ACCOUNTS.en, { understand, lang: 'en', timeZone: 'America/New_York', now: NOW });
    expect(other.say('no').stateName()).not.toBe('ask_for_party');
  });
});
