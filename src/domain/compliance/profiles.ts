import type { Profile, ProfileSet, Rule, WeeklyHours } from './rules.ts';
import { WEEKDAYS } from './types.ts';

/**
 * The built-in compliance profiles. Sources are in each rule; the reference is
 * /work/shared/reference/compliance.md. Where the reference is uncertain ([?]) the stricter reading is taken
 * and the choice is written in `source`.
 */

const DAY_MS = 24 * 3600_000;
const hm = (h: number, m = 0): number => h * 60 + m;
const everyDay = (startMinute: number, endMinute: number): WeeklyHours =>
  Object.fromEntries(WEEKDAYS.map((d) => [d, [[startMinute, endMinute]]]));

const suppression = (src: Record<string, string>): Rule[] =>
  Object.entries(src).map(([flag, source]) => ({ kind: 'flag', id: `suppress.${flag}`, flag, source }));

const US_SUPPRESSION = suppression({
  cease: 'FDCPA 1692c(c): written cease or refusal to pay',
  attorney: 'FDCPA 1692c(a)(2): consumer represented by an attorney',
  bankruptcy: 'bankruptcy automatic stay (11 USC 362)',
  dispute: 'FDCPA 1692g(b): dispute pending verification',
  deceased: 'deceased consumer: no collection calls to the account number',
  dnc: 'internal do-not-call flag on the account',
  medium_optout: 'Reg F 12 CFR 1006.14(h): consumer opted out of telephone',
  consent_revoked: 'FCC 24-24: revoked consent, honoured at once (rule allows 10 business days)',
  work_prohibited: 'FDCPA 1692c(a)(3): employer prohibits calls (applies to work numbers too)',
});

export const US_PROFILE: Profile = {
  profileId: 'us',
  version: '2026-11-23.1',
  country: 'US',
  dial: { minRingMs: 15_000 }, // 47 CFR 64.1200(a)(6): unanswered calls ring ≥ 15 s or 4 rings
  rules: [
    { kind: 'window', id: 'us.window', hours: everyDay(hm(8), hm(21)), source: 'FDCPA 15 USC 1692c(a)(1); Reg F 12 CFR 1006.6(b)(1)(i): after 08:00, before 21:00 local, all candidate zones' },
    { kind: 'holiday', id: 'us.holiday', calendar: 'us-public', enabled: false, source: 'house option: no calls on public holidays of the state (date-holidays); off by default, no statute requires it' },
    {
      kind: 'count', id: 'regf.7in7', limit: 7, period: { rollingMs: 7 * DAY_MS }, scope: 'personDebt', kinds: ['call'],
      outcomes: ['conversation', 'voicemail', 'no_answer', 'machine'],
      source: 'Reg F 12 CFR 1006.14(b)(2)(i)(A): at most 7 placed calls in 7 consecutive days per person per debt; busy/failed/not-in-service do not count',
    },
    { kind: 'quiet', id: 'regf.quiet', quietMs: 7 * DAY_MS, kinds: ['call', 'inbound_call'], source: 'Reg F 12 CFR 1006.14(b)(2)(i)(B): no call within 7 days after a telephone conversation about the debt (inbound conversations too)' },
    { kind: 'consent', id: 'tcpa.consent', phoneTypes: ['mobile', 'unknown'], source: 'TCPA 47 USC 227(b)(1)(A)(iii); FCC 24-17: artificial (AI) voice to a wireless number needs prior express consent' },
    {
      kind: 'count', id: 'tcpa.landline3in30', limit: 3, period: { rollingMs: 30 * DAY_MS }, scope: 'phone', kinds: ['call'], outcomes: 'all',
      phoneTypes: ['landline'], robotWithoutConsentOnly: true,
      source: 'TCPA 47 CFR 64.1200(a)(3)(ii); FCC 20-186: at most 3 artificial-voice calls per 30 days to a residential line without consent (history has no channel, so every call counts)',
    },
    { kind: 'dnc', id: 'suppress.dnc_number', source: 'internal do-not-call list by number, area-code wildcards allowed' },
    ...US_SUPPRESSION,
  ],
  overlays: {
    MA: [
      {
        kind: 'count', id: 'ma.2in7', limit: 2, period: { rollingMs: 7 * DAY_MS }, scope: 'personDebt', kinds: ['call', 'text'], outcomes: 'all',
        phoneTypes: ['mobile', 'landline', 'unknown'],
        source: '940 CMR 7.04(1)(f): ≤ 2 communications initiated per 7 days to personal numbers, per debt [?: unanswered attempts counted]',
      },
      {
        kind: 'count', id: 'ma.2in30', limit: 2, period: { rollingMs: 30 * DAY_MS }, scope: 'personDebt', kinds: ['call', 'text'], outcomes: 'all',
        phoneTypes: ['work'],
        source: '940 CMR 7.04(1)(f): ≤ 2 communications per 30 days to numbers other than personal ones',
      },
    ],
    WA: [
      { kind: 'window', id: 'wa.window', hours: everyDay(hm(8), hm(21)), source: 'RCW 19.16.250(13)(a) [?: 07:30 or 08:00, 08:00 taken]' },
      { kind: 'count', id: 'wa.3in7', limit: 3, period: { rollingMs: 7 * DAY_MS }, scope: 'person', kinds: ['call', 'text'], outcomes: 'all', source: 'RCW 19.16.250(13)(b): ≤ 3 communications per week (every attempt counted)' },
      { kind: 'count', id: 'wa.work1in7', limit: 1, period: { rollingMs: 7 * DAY_MS }, scope: 'phone', kinds: ['call', 'text'], outcomes: 'all', phoneTypes: ['work'], source: 'RCW 19.16.250(13)(c): ≤ 1 communication per week at work' },
    ],
    FL: [{ kind: 'window', id: 'fl.window', hours: everyDay(hm(8), hm(21)), source: 'Fla. Stat. 559.72(17): no communications 21:00–08:00 debtor time' }],
    NV: [{ kind: 'window', id: 'nv.window', hours: everyDay(hm(9), hm(20)), source: 'Nevada common profile: 09:00–20:00 (reference, secondary)' }],
    PA: [
      {
        kind: 'window', id: 'pa.window', source: 'Pennsylvania common profile: Mon–Sat 09:00–21:00, Sun 13:30–21:00 (reference, secondary)',
        hours: { ...everyDay(hm(9), hm(21)), sun: [[hm(13, 30), hm(21)]] },
      },
    ],
  },
};

export const CN_PROFILE: Profile = {
  profileId: 'cn',
  version: '2026-11-23.1',
  country: 'CN',
  dial: { minRingMs: 15_000 },
  rules: [
    { kind: 'window', id: 'cn.window', hours: everyDay(hm(8), hm(21)), source: 'GB/T 45251—2025; CBA 2026: none 22:00–08:00 [?: NIFA 2018 gives 21:00; 21:00 default, 22:00 by profile change]' },
    { kind: 'holiday', id: 'cn.holiday', calendar: 'cn-rest-days', enabled: false, source: 'house option: no calls on statutory holidays and rest days, make-up working days count as working (chinese-days)' },
    {
      kind: 'count', id: 'cn.effective3', limit: 3, period: { localDayZone: 'Asia/Shanghai' }, scope: 'person', kinds: ['call'], outcomes: ['conversation'],
      source: 'GB/T 45251—2025: ≤ 3 active effective (connected) calls per day with one debtor, AI voice included',
    },
    {
      kind: 'count', id: 'cn.unanswered6', limit: 6, period: { localDayZone: 'Asia/Shanghai' }, scope: 'phone', kinds: ['call'],
      outcomes: ['voicemail', 'no_answer', 'busy', 'failed', 'not_in_service', 'machine'],
      source: 'CBA 2026 guideline: ≤ 6 unanswered attempts per day to the same contact',
    },
    { kind: 'third-party', id: 'cn.thirdparty', permittedBy: ['debtor_unreachable', 'deceased', 'incapacitated'], source: 'CBRC 2011 No. 2 Art 68; GB/T 45251: contacts only when the debtor is unreachable, deceased or lacks capacity; stop when they refuse' },
    { kind: 'dnc', id: 'suppress.dnc_number', source: 'internal do-not-call list by number' },
    ...suppression({
      cease: 'debtor refused further calls (house rule)',
      attorney: 'debtor represented by a lawyer (house rule)',
      bankruptcy: 'bankruptcy proceedings',
      dispute: 'dispute under review',
      dnc: 'internal do-not-call flag on the account',
      contact_refused: 'CBRC 2011 No. 2 Art 68: the contact refused further calls',
      consent_revoked: 'revoked consent',
    }),
  ],
  overlays: {},
};

export const BUILT_IN_PROFILES: ProfileSet = { us: US_PROFILE, cn: CN_PROFILE };

/** A copy of `profile` with a rule replaced or switched; how a compliance owner's change is applied. */
export function withRule(profile: Profile, rule: Rule): Profile {
  return { ...profile, rules: profile.rules.map((r) => (r.id === rule.id ? rule : r)) };
}

/** The `cn` window ending at `endMinute` (21:00 default; 22:00 where the debtor's agreement or policy allows). */
export function cnWithWindowEnd(endMinute: number): Profile {
  return withRule(CN_PROFILE, { ...(CN_PROFILE.rules[0] as Rule & { kind: 'window' }), hours: everyDay(hm(8), endMinute) });
}
