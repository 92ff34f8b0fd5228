import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/compliance/decide.ts';
import { at, call, ctx, usCase } from './helpers.ts';

const ruleOf = (d: ReturnType<typeof decide>, id: string) => d.rules.find((r) => r.rule === id);

describe('decide: US calling window', () => {
  it('blocks the issue example before 08:00 Pacific on the DST day and names 15:00Z as next eligible', () => {
    const c = usCase({ account: { postalCode: '83814' }, phone: { number: '+12085550123' } });
    const d = decide(c, at('2026-03-08T13:30:00Z'), ctx());
    expect(d.allowed).toBe(false);
    expect(d.blockedBy).toEqual(['us.window']);
    expect(d.zones).toEqual(['America/Boise', 'America/Los_Angeles']);
    // Clocks sprang forward at 02:00 that morning: 08:00 PDT is 15:00Z, not 16:00Z as on the day before.
    expect(d.nextEligibleAtMs).toBe(at('2026-03-08T15:00:00Z'));
    expect(ruleOf(d, 'us.window')?.detail).toContain('America/Los_Angeles');
  });

  it('allows a call inside the window and reports now as next eligible', () => {
    const d = decide(usCase(), at('2026-03-10T18:00:00Z'), ctx());
    expect(d.allowed).toBe(true);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-10T18:00:00Z'));
  });

  it('blocks at 21:00 local exactly (window is before 21:00) and reopens at 08:00 next day', () => {
    // 21:00 MDT = 03:00Z next day.
    const d = decide(usCase(), at('2026-06-11T03:00:00Z'), ctx());
    expect(d.blockedBy).toContain('us.window');
    expect(d.nextEligibleAtMs).toBe(at('2026-06-11T14:00:00Z'));
  });

  it('says "not callable" when the candidate zones never share a convenient hour', () => {
    // A UAE mobile on a Nevada address: 09–20 Pacific/Mountain (17–03Z) and 09–20 Dubai (05–16Z) never overlap.
    const c = usCase({ account: { state: 'NV', postalCode: undefined }, phone: { number: '+971501234567' } });
    const d = decide(c, at('2026-01-15T13:00:00Z'), ctx());
    expect(d.allowed).toBe(false);
    expect(d.zones).toEqual(['America/Denver', 'America/Los_Angeles', 'Asia/Dubai']);
    expect(ruleOf(d, 'nv.window')?.detail).toMatch(/do not overlap/);
    expect(d.nextEligibleAtMs).toBeNull();
  });

  it('subtracts consumer-blocked windows ("at work" weekdays 09–17) and finds the evening opening', () => {
    const c = usCase({ account: { blockedWindows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 540, endMinute: 1020 }] } });
    const d = decide(c, at('2026-03-10T18:00:00Z'), ctx()); // Tue 12:00 MDT
    expect(d.blockedBy).toEqual(['consumer.blocked']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-10T23:00:00Z')); // 17:00 MDT
  });

  it('treats an overnight blocked window as running past midnight', () => {
    const c = usCase({ account: { blockedWindows: [{ days: ['mon'], startMinute: 1200, endMinute: 600 }] } });
    // Tue 08:30 MDT is still inside Monday's 20:00–10:00 block.
    const d = decide(c, at('2026-03-10T14:30:00Z'), ctx());
    expect(d.blockedBy).toEqual(['consumer.blocked']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-10T16:00:00Z'));
  });
});

describe('decide: state overlays', () => {
  it('NV opens at 09:00, not 08:00', () => {
    const c = usCase({ account: { state: 'NV', postalCode: '89501' }, phone: { number: '+17755551234' } });
    const d = decide(c, at('2026-03-10T15:30:00Z'), ctx()); // 08:30 PDT
    expect(d.blockedBy).toEqual(['nv.window']);
    expect(ruleOf(d, 'us.window')?.pass).toBe(true);
  });

  it('PA opens Sunday at 13:30 but Saturday at 09:00', () => {
    const c = usCase({ account: { state: 'PA', postalCode: '19104' }, phone: { number: '+12155551234' } });
    expect(decide(c, at('2026-03-15T14:00:00Z'), ctx()).blockedBy).toEqual(['pa.window']); // Sun 10:00 EDT
    expect(decide(c, at('2026-03-14T14:00:00Z'), ctx()).allowed).toBe(true); // Sat 10:00 EDT
    expect(decide(c, at('2026-03-15T14:00:00Z'), ctx()).nextEligibleAtMs).toBe(at('2026-03-15T17:30:00Z'));
  });

  it('MA allows 2 calls per 7 days per debt, counting unanswered attempts', () => {
    const hist = [call('2026-03-05T15:00:00Z', 'no_answer', { phone: '+16175551234' }), call('2026-03-07T15:00:00Z', 'busy', { phone: '+16175551234' })];
    const c = usCase({ account: { state: 'MA', postalCode: '02139' }, phone: { number: '+16175551234' }, history: hist });
    const d = decide(c, at('2026-03-10T15:00:00Z'), ctx());
    expect(d.blockedBy).toEqual(['ma.2in7']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-12T15:00:00Z'));
  });

  it('applies every overlay when the address state is unknown', () => {
    const c = usCase({ account: { state: undefined, postalCode: undefined } });
    const d = decide(c, at('2026-03-10T18:00:00Z'), ctx());
    expect(d.rules.map((r) => r.rule)).toEqual(expect.arrayContaining(['ma.2in7', 'wa.3in7', 'nv.window', 'pa.window']));
  });
});

describe('decide: frequency', () => {
  const seven = (lastIso: string) =>
    Array.from({ length: 7 }, (_, i) => call(new Date(at(lastIso) - (6 - i) * 3600_000).toISOString(), 'no_answer'));

  it('regf.7in7 blocks the 8th call and releases exactly 7 days after the oldest counted call', () => {
    const c = usCase({ history: seven('2026-03-09T20:00:00Z') });
    const d = decide(c, at('2026-03-10T18:00:00Z'), ctx());
    expect(d.blockedBy).toEqual(['regf.7in7']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-16T14:00:00Z'));
  });

  it('does not count busy, failed or not-in-service calls, nor texts', () => {
    const hist = [
      ...(['busy', 'failed', 'not_in_service'] as const).flatMap((o) => [call('2026-03-09T15:00:00Z', o), call('2026-03-09T16:00:00Z', o)]),
      { atMs: at('2026-03-09T17:00:00Z'), kind: 'text' as const, outcome: 'no_answer' as const, debtIds: ['D1'] },
    ];
    expect(decide(usCase({ history: hist }), at('2026-03-10T18:00:00Z'), ctx()).allowed).toBe(true);
  });

  it('counts a call about several debts toward each, and ignores calls about other debts', () => {
    const other = seven('2026-03-09T20:00:00Z').map((r) => ({ ...r, debtIds: ['D2'] }));
    expect(decide(usCase({ history: other }), at('2026-03-10T18:00:00Z'), ctx()).allowed).toBe(true);
    const both = other.map((r) => ({ ...r, debtIds: ['D2', 'D1'] }));
    expect(decide(usCase({ history: both }), at('2026-03-10T18:00:00Z'), ctx()).blockedBy).toEqual(['regf.7in7']);
  });

  it('regf.quiet: a conversation, even on a call the consumer placed, starts 7 days of quiet', () => {
    const hist = [{ atMs: at('2026-03-05T16:00:00Z'), kind: 'inbound_call' as const, outcome: 'conversation' as const, debtIds: ['D1'] }];
    const d = decide(usCase({ history: hist }), at('2026-03-10T18:00:00Z'), ctx());
    expect(d.blockedBy).toEqual(['regf.quiet']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-12T16:00:00Z'));
  });
});

describe('decide: suppression and consent', () => {
  it.each(['cease', 'attorney', 'bankruptcy', 'dispute', 'deceased', 'dnc'])('flag %s blocks with its suppress rule and no next time', (flag) => {
    const d = decide(usCase({ account: { flags: [flag] } }), at('2026-03-10T18:00:00Z'), ctx());
    expect(d.blockedBy).toEqual([`suppress.${flag}`]);
    expect(d.nextEligibleAtMs).toBeNull();
  });

  it('an unknown flag blocks instead of being ignored', () => {
    expect(decide(usCase({ account: { flags: ['fraud_hold'] } }), at('2026-03-10T18:00:00Z'), ctx()).blockedBy).toEqual(['suppress.unknown']);
  });

  it('internal DNC matches area-code wildcards', () => {
    const c = usCase();
    expect(decide(c, at('2026-03-10T18:00:00Z'), ctx({ dncPatterns: ['+1208*'] })).blockedBy).toEqual(['suppress.dnc_number']);
    expect(decide(c, at('2026-03-10T18:00:00Z'), ctx({ dncPatterns: ['+1208345XXXX'] })).blockedBy).toEqual(['suppress.dnc_number']);
    expect(decide(c, at('2026-03-10T18:00:00Z'), ctx({ dncPatterns: ['+1209*', '+1208346XXXX'] })).allowed).toBe(true);
  });

  it('robot calls to mobile or unknown numbers need consent; agent calls do not', () => {
    const t = at('2026-03-10T18:00:00Z');
    expect(decide(usCase({ phone: { consent: false } }), t, ctx()).blockedBy).toEqual(['tcpa.consent']);
    expect(decide(usCase({ phone: { type: 'unknown', consent: undefined } }), t, ctx()).blockedBy).toEqual(['tcpa.consent']);
    expect(decide(usCase({ phone: { consent: false }, channel: 'agent' }), t, ctx()).allowed).toBe(true);
  });

  it('robot calls to a landline without consent: 3 per 30 days', () => {
    const hist = ['2026-02-20', '2026-02-27', '2026-03-06'].map((d) => call(`${d}T16:00:00Z`, 'busy', { debtIds: ['D9'] }));
    const c = usCase({ phone: { type: 'landline', consent: false }, history: hist });
    const d = decide(c, at('2026-03-10T18:00:00Z'), ctx());
    expect(d.blockedBy).toEqual(['tcpa.landline3in30']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-22T16:00:00Z'));
  });

  it('an invalid number is not callable', () => {
    const d = decide(usCase({ phone: { number: '+1208' } }), at('2026-03-10T18:00:00Z'), ctx());
    expect(d.blockedBy).toContain('phone.valid');
  });
});
