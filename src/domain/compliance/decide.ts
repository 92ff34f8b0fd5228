import { candidateZones, type PhoneZoneTable } from './candidate-zones.ts';
import { evaluateCount, evaluateQuiet, type TimedResult } from './frequency.ts';
import type { HolidayCalendar } from './holidays.ts';
import { firstAtOrAfter } from './intervals.ts';
import type { HolidayRule, Profile, ProfileSet, Rule, WindowRule } from './rules.ts';
import { evaluateConsent, evaluateDnc, evaluateFlag, evaluateThirdParty, evaluateUnknownFlags } from './suppression.ts';
import type { ComplianceCase, Decision, RuleResult } from './types.ts';
import { evaluateWindows } from './windows.ts';
import type { ZoneOffsets } from './zone-offsets.ts';

/** What `decide` needs besides the case: reference data built once at the composition root. */
export interface ComplianceContext {
  readonly phoneZones: PhoneZoneTable;
  readonly holidays: HolidayCalendar;
  readonly profiles: ProfileSet;
  /** Internal do-not-call list: numbers or patterns ("+1208*", "+1208555XXXX"). */
  readonly dncPatterns: readonly string[];
  /** Memoised zone offsets (zone-offsets.ts); shared across decisions for speed. */
  readonly offsets: ZoneOffsets;
}

const DAY_MS = 86_400_000;
/** Flags that permit rather than block (third-party rules) are known without being suppression flags. */
const PERMIT_FLAGS = (rules: readonly Rule[]): string[] => rules.flatMap((r) => (r.kind === 'third-party' ? r.permittedBy : []));

export function resolveProfile(c: ComplianceCase, profiles: ProfileSet): Profile | undefined {
  if (c.profile !== undefined) return profiles[c.profile];
  const country = c.account.country?.toUpperCase();
  const byNumber = c.phone.number?.startsWith('+86') ? 'CN' : c.phone.number?.startsWith('+1') ? 'US' : undefined;
  const want = country ?? byNumber;
  return Object.values(profiles).find((p) => p.country === want);
}

/** Overlays of the account's jurisdiction; with no state known, every overlay applies (the strictest reading). */
export function overlayRules(profile: Profile, c: ComplianceCase): { rules: Rule[]; jurisdictions: string[] } {
  const code = (profile.country === 'CN' ? c.account.province : c.account.state)?.trim().toUpperCase();
  const keys = code === undefined || code === '' ? Object.keys(profile.overlays) : Object.keys(profile.overlays).filter((k) => k === code);
  return { rules: keys.flatMap((k) => profile.overlays[k] ?? []), jurisdictions: keys };
}

function unresolved(c: ComplianceCase): Decision {
  const detail = c.profile !== undefined ? `unknown compliance profile "${c.profile}"` : 'no profile given and none follows from the country or number';
  return { allowed: false, blockedBy: ['input.profile'], rules: [{ rule: 'input.profile', pass: false, detail, inputs: { profile: c.profile ?? null } }], nextEligibleAtMs: null, profile: c.profile ?? '', profileVersion: '', zones: [] };
}

export function decide(c: ComplianceCase, nowMs: number, ctx: ComplianceContext): Decision {
  const profile = resolveProfile(c, ctx.profiles);
  if (profile === undefined) return unresolved(c);
  const overlays = overlayRules(profile, c);
  const rules = [...profile.rules, ...overlays.rules].filter((r) => r.enabled !== false);
  const channel = c.channel ?? 'robot'; // an unknown channel is treated as artificial voice, the stricter case
  const cand = candidateZones(ctx.phoneZones, c.account, c.phone.number, profile.country);

  const permanent: RuleResult[] = [
    { rule: 'phone.valid', pass: cand.phone.valid, detail: cand.phone.valid ? `valid number, zones from ${cand.phone.basis}` : cand.phone.basis, inputs: { number: c.phone.number ?? null } },
  ];
  const timed: TimedResult[] = [];
  for (const rule of rules) {
    if (rule.kind === 'flag') permanent.push(evaluateFlag(rule, c));
    else if (rule.kind === 'dnc') permanent.push(evaluateDnc(rule, c, ctx.dncPatterns));
    else if (rule.kind === 'consent') permanent.push(evaluateConsent(rule, c, channel));
    else if (rule.kind === 'third-party') permanent.push(evaluateThirdParty(rule, c));
    else if (rule.kind === 'count') timed.push(evaluateCount(rule, c, channel, nowMs));
    else if (rule.kind === 'quiet') timed.push(evaluateQuiet(rule, c, nowMs));
  }
  const known = new Set([...rules.flatMap((r) => (r.kind === 'flag' ? [r.flag] : [])), ...PERMIT_FLAGS(rules)]);
  const unknownFlags = evaluateUnknownFlags(known, c);
  if (unknownFlags) permanent.push(unknownFlags);

  const notBeforeMs = Math.max(nowMs, ...timed.map((t) => t.releaseAtMs ?? nowMs));
  const windowRules = rules.filter((r): r is WindowRule => r.kind === 'window');
  const holidayRules = rules.filter((r): r is HolidayRule => r.kind === 'holiday');
  const evalWindows = (fromMs: number, toMs: number) =>
    evaluateWindows(windowRules, holidayRules, c.account.blockedWindows, { zones: cand.zones, fromMs, toMs, nowMs: fromMs, offsets: ctx.offsets, calendar: ctx.holidays, state: c.account.state });
  // Pass/fail is judged at now; the next opening is searched from when the caps and quiet period release,
  // first over 3 days, then 21 (most accounts open within a day or two; each day costs work per zone).
  const windows = evalWindows(nowMs, nowMs + DAY_MS);
  let nextMs: number | undefined;
  if (Number.isFinite(notBeforeMs)) {
    nextMs = notBeforeMs === nowMs ? firstAtOrAfter(windows.open, nowMs) : undefined;
    if (nextMs === undefined) nextMs = firstAtOrAfter(evalWindows(notBeforeMs, notBeforeMs + 3 * DAY_MS).open, notBeforeMs);
    if (nextMs === undefined) nextMs = firstAtOrAfter(evalWindows(notBeforeMs, notBeforeMs + 21 * DAY_MS).open, notBeforeMs);
  }

  const all = [...permanent, ...windows.results, ...timed.map((t) => t.result)];
  const blockedBy = all.filter((r) => !r.pass).map((r) => r.rule);
  const permanentlyBlocked = permanent.some((r) => !r.pass);
  return {
    allowed: blockedBy.length === 0,
    blockedBy,
    rules: all,
    nextEligibleAtMs: blockedBy.length === 0 ? nowMs : permanentlyBlocked ? null : (nextMs ?? null),
    profile: profile.profileId,
    profileVersion: profile.version,
    zones: cand.zones,
  };
}
