import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/compliance/decide.ts';
import { BUILT_IN_PROFILES, CN_PROFILE, cnWithWindowEnd, withRule } from '../../../src/domain/compliance/profiles.ts';
import type { ContactRecord } from '../../../src/domain/compliance/types.ts';
import { at, cnCase, ctx } from './helpers.ts';

const cnCall = (iso: string, outcome: ContactRecord['outcome'], phone = '+8613800138000'): ContactRecord => ({ atMs: at(iso), kind: 'call', outcome, phone, debtIds: ['L1'] });

describe('cn profile', () => {
  it('window is 08:00–21:00 Beijing time by default, 22:00 when the profile says so', () => {
    const t = at('2026-03-10T13:30:00Z'); // 21:30 Beijing
    const d = decide(cnCase(), t, ctx());
    expect(d.blockedBy).toEqual(['cn.window']);
    expect(d.nextEligibleAtMs).toBe(at('2026-03-11T00:00:00Z'));
    const late = ctx({ profiles: { ...BUILT_IN_PROFILES, cn: cnWithWindowEnd(22 * 60) } });
    expect(decide(cnCase(), t, late).allowed).toBe(true);
  });

  it('cn.effective3: a 4th connected call the same Beijing day is blocked until local midnight', () => {
    const hist = ['01:00', '02:00', '03:00'].map((h) => cnCall(`2026-03-10T${h}:00Z`, 'conversation'));
    const d = decide(cnCase({ history: hist }), at('2026-03-10T06:00:00Z'), ctx());
    expect(d.blockedBy).toEqual(['cn.effective3']);
    // Released at 00:00 Beijing (16:00Z), which is outside the window: next eligible is 08:00 Beijing.
    expect(d.nextEligibleAtMs).toBe(at('2026-03-11T00:00:00Z'));
  });

  it('cn.effective3 counts per Beijing day, not per UTC day', () => {
    // 2026-03-09T17:00Z is 01:00 on 03-10 in Beijing: same local day as the decision below.
    const hist = ['2026-03-09T17:00:00Z', '2026-03-10T01:00:00Z', '2026-03-10T02:00:00Z'].map((t) => cnCall(t, 'conversation'));
    expect(decide(cnCase({ history: hist }), at('2026-03-10T06:00:00Z'), ctx()).blockedBy).toEqual(['cn.effective3']);
    const dayBefore = ['2026-03-09T15:00:00Z', '2026-03-10T01:00:00Z', '2026-03-10T02:00:00Z'].map((t) => cnCall(t, 'conversation'));
    expect(decide(cnCase({ history: dayBefore }), at('2026-03-10T06:00:00Z'), ctx()).allowed).toBe(true);
  });

  it('cn.unanswered6: six unanswered attempts to this contact today block a seventh; another number is separate', () => {
    const hist = [0, 1, 2, 3, 4, 5].map((i) => cnCall(`2026-03-10T0${i}:10:00Z`, i % 2 ? 'no_answer' : 'busy'));
    expect(decide(cnCase({ history: hist }), at('2026-03-10T07:00:00Z'), ctx()).blockedBy).toEqual(['cn.unanswered6']);
    const other = cnCase({ history: hist, phone: { number: '+8613900139000' } });
    expect(decide(other, at('2026-03-10T07:00:00Z'), ctx()).allowed).toBe(true);
  });

  it('third parties only when the debtor is unreachable', () => {
    const t = at('2026-03-10T03:00:00Z');
    expect(decide(cnCase({ phone: { relation: 'third_party' } }), t, ctx()).blockedBy).toEqual(['cn.thirdparty']);
    expect(decide(cnCase({ phone: { relation: 'third_party' }, account: { flags: ['debtor_unreachable'] } }), t, ctx()).allowed).toBe(true);
    expect(decide(cnCase({ phone: { relation: 'third_party' }, account: { flags: ['debtor_unreachable', 'contact_refused'] } }), t, ctx()).blockedBy).toEqual([
      'suppress.contact_refused',
    ]);
  });

  it('holiday option: Spring Festival days are blocked, the Saturday make-up working day is not', () => {
    const holidayRule = CN_PROFILE.rules.find((r) => r.id === 'cn.holiday');
    if (holidayRule?.kind !== 'holiday') throw new Error('cn.holiday missing');
    const withHolidays = ctx({ profiles: { ...BUILT_IN_PROFILES, cn: withRule(CN_PROFILE, { ...holidayRule, enabled: true }) } });
    const festival = decide(cnCase(), at('2026-02-17T03:00:00Z'), withHolidays); // Tue, Spring Festival
    expect(festival.blockedBy).toEqual(['cn.holiday']);
    // The festival runs to Mon 02-23; Tue 02-24 08:00 Beijing is the first working-day opening.
    expect(festival.nextEligibleAtMs).toBe(at('2026-02-24T00:00:00Z'));
    expect(decide(cnCase(), at('2026-02-14T03:00:00Z'), withHolidays).allowed).toBe(true); // Sat make-up day
    expect(decide(cnCase(), at('2026-02-17T03:00:00Z'), ctx()).allowed).toBe(true); // option off by default
  });
});
