import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/compliance/decide.ts';
import { CONTACT_KINDS, OUTCOMES, type ComplianceCase, type ContactRecord, type Decision } from '../../../src/domain/compliance/types.ts';
import { ctx } from './helpers.ts';

const NUMBERS = ['+12083451234', '+12086651234', '+12085551234', '+12198851234', '+12502421234', '+16053351234', '+18502351234', '+12125551234', '+17755551234', '+16175551234', '+18005551234'];
const STATES = ['ID', 'NY', 'CA', 'TX', 'NV', 'PA', 'MA', 'WA', 'FL', 'IN', 'KY', undefined];
const FLAGS = ['cease', 'attorney', 'bankruptcy', 'dispute', 'deceased', 'dnc', 'medium_optout', 'consent_revoked'];
const START = Date.parse('2026-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');
const DAY = 86_400_000;

const instant = fc.integer({ min: START, max: END });
const record = (nowMs: number, number: string): fc.Arbitrary<ContactRecord> =>
  fc.record({
    atMs: fc.option(fc.integer({ min: nowMs - 40 * DAY, max: nowMs }), { nil: undefined }),
    kind: fc.option(fc.constantFrom(...CONTACT_KINDS), { nil: undefined }),
    outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: undefined }),
    phone: fc.option(fc.constantFrom(number, '+12125550000'), { nil: undefined }),
    debtIds: fc.option(fc.constantFrom(['D1'], ['D2'], ['D1', 'D2']), { nil: undefined }),
  });

const caseAt = instant.chain((nowMs) =>
  fc.constantFrom(...NUMBERS).chain((number) =>
    fc.record({
      nowMs: fc.constant(nowMs),
      c: fc.record({
        profile: fc.constant('us'),
        channel: fc.constantFrom('robot' as const, 'agent' as const),
        account: fc.record({
          accountId: fc.constant('A1'),
          debtId: fc.constant('D1'),
          country: fc.constant('US'),
          state: fc.constantFrom(...STATES),
          flags: fc.subarray(FLAGS, { maxLength: 1 }),
          blockedWindows: fc.constant([]),
        }),
        phone: fc.record({ number: fc.constant(number), type: fc.constantFrom('mobile' as const, 'landline' as const, 'unknown' as const), consent: fc.boolean(), dnc: fc.constant(false) }),
        history: fc.array(record(nowMs, number), { maxLength: 9 }),
      }),
      extra: record(nowMs, number),
    }),
  ),
);

/** "Less callable or equal": not allowed when the other is not, and never eligible earlier. */
function noMoreCallable(more: Decision, base: Decision): void {
  if (!base.allowed) expect(more.allowed).toBe(false);
  if (base.nextEligibleAtMs === null) expect(more.nextEligibleAtMs).toBeNull();
  else if (more.nextEligibleAtMs !== null) expect(more.nextEligibleAtMs).toBeGreaterThanOrEqual(base.nextEligibleAtMs);
}

const inUsWindow = (ms: number, zone: string): boolean => {
  const h = DateTime.fromMillis(ms, { zone }).hour;
  return h >= 8 && h < 21;
};

describe('compliance properties', () => {
  it('the window is never wider than any single candidate zone (luxon as the independent clock)', () => {
    fc.assert(
      fc.property(caseAt, ({ c, nowMs }) => {
        const d = decide(c, nowMs, ctx());
        if (d.rules.find((r) => r.rule === 'us.window')?.pass) for (const z of d.zones) expect(inUsWindow(nowMs, z)).toBe(true);
        if (d.nextEligibleAtMs !== null) {
          for (const z of d.zones) expect(inUsWindow(d.nextEligibleAtMs, z)).toBe(true);
          expect(decide(c, d.nextEligibleAtMs, ctx()).allowed).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('nextEligibleAt is the earliest: one minute before it the account is not callable', () => {
    fc.assert(
      fc.property(caseAt, ({ c, nowMs }) => {
        const d = decide(c, nowMs, ctx());
        if (d.nextEligibleAtMs !== null && d.nextEligibleAtMs - 60_000 >= nowMs) expect(decide(c, d.nextEligibleAtMs - 60_000, ctx()).allowed).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('adding history never makes an account more callable', () => {
    fc.assert(
      fc.property(caseAt, ({ c, nowMs, extra }) => {
        noMoreCallable(decide({ ...c, history: [...c.history, extra] }, nowMs, ctx()), decide(c, nowMs, ctx()));
      }),
      { numRuns: 300 },
    );
  });

  it('adding a flag never makes an account more callable', () => {
    fc.assert(
      fc.property(caseAt, fc.constantFrom(...FLAGS, 'unknown_flag'), ({ c, nowMs }, flag) => {
        const flagged: ComplianceCase = { ...c, account: { ...c.account, flags: [...c.account.flags, flag] } };
        const d = decide(flagged, nowMs, ctx());
        expect(d.allowed).toBe(false);
        noMoreCallable(d, decide(c, nowMs, ctx()));
      }),
      { numRuns: 200 },
    );
  });

  it('a missing field never makes a call more allowed', () => {
    const drops: ((c: ComplianceCase) => ComplianceCase)[] = [
      (c) => ({ ...c, phone: { ...c.phone, consent: undefined } }),
      (c) => ({ ...c, phone: { ...c.phone, type: undefined } }),
      (c) => ({ ...c, channel: undefined }),
      (c) => ({ ...c, account: { ...c.account, state: undefined } }),
      (c) => ({ ...c, account: { ...c.account, debtId: undefined } }),
      (c) => ({ ...c, history: c.history.map((r) => ({ ...r, outcome: undefined })) }),
      (c) => ({ ...c, history: c.history.map((r) => ({ ...r, debtIds: undefined })) }),
      (c) => ({ ...c, history: c.history.map((r) => ({ ...r, atMs: undefined })) }),
      (c) => ({ ...c, history: c.history.map((r) => ({ ...r, kind: undefined })) }),
    ];
    fc.assert(
      fc.property(caseAt, fc.integer({ min: 0, max: drops.length - 1 }), ({ c, nowMs }, i) => {
        const drop = drops[i];
        if (drop === undefined) return;
        noMoreCallable(decide(drop(c), nowMs, ctx()), decide(c, nowMs, ctx()));
      }),
      { numRuns: 300 },
    );
  });

  it('7-in-7: a call exactly 7 days old no longer counts; one a millisecond younger does', () => {
    fc.assert(
      fc.property(fc.integer({ min: START, max: END }), (nowMs) => {
        // Pick an instant inside the window for the Denver-only number so only the count decides.
        const local = DateTime.fromMillis(nowMs, { zone: 'America/Denver' }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toMillis();
        const recent = Array.from({ length: 6 }, (_, i) => ({ atMs: local - (i + 1) * 3600_000, kind: 'call' as const, outcome: 'no_answer' as const, debtIds: ['D1'] }));
        const c = (oldestAgeMs: number): ComplianceCase => ({
          profile: 'us',
          channel: 'agent',
          account: { accountId: 'A1', debtId: 'D1', country: 'US', state: 'CO', flags: [], blockedWindows: [] },
          phone: { number: '+13035551234', type: 'mobile', consent: true },
          history: [...recent, { atMs: local - oldestAgeMs, kind: 'call', outcome: 'voicemail', debtIds: ['D1'] }],
        });
        expect(decide(c(7 * DAY), local, ctx()).allowed).toBe(true);
        const blocked = decide(c(7 * DAY - 1), local, ctx());
        expect(blocked.blockedBy).toEqual(['regf.7in7']);
        expect(blocked.nextEligibleAtMs).toBe(local + 1);
      }),
      { numRuns: 100 },
    );
  });
});
