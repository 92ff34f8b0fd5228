import type { ContactKind, Outcome, PhoneType, Weekday } from './types.ts';

/**
 * Rules as data. A compliance owner reads and changes these (see docs/compliance.md and
 * `recollect compliance profiles`); the engine only interprets them. Each rule carries the id used in
 * decisions, logs and the UI, and the source it implements.
 */

/** Local opening hours per weekday: [startMinute, endMinute) pairs; a missing day means closed all day. */
export type WeeklyHours = Partial<Record<Weekday, readonly (readonly [number, number])[]>>;

interface RuleBase {
  readonly id: string;
  readonly source: string;
  /** Rules can be kept in a profile but switched off (e.g. holidays, which no statute requires). */
  readonly enabled?: boolean;
}

export interface WindowRule extends RuleBase {
  readonly kind: 'window';
  readonly hours: WeeklyHours;
}

/** Blocks whole local days: public holidays (US, date-holidays) or Chinese rest days (chinese-days). */
export interface HolidayRule extends RuleBase {
  readonly kind: 'holiday';
  readonly calendar: 'us-public' | 'cn-rest-days';
}

export interface CountRule extends RuleBase {
  readonly kind: 'count';
  /** The call now is allowed while the counted contacts in the period stay below `limit`. */
  readonly limit: number;
  readonly period: { readonly rollingMs: number } | { readonly localDayZone: string };
  /** personDebt: this debt across all numbers; person: all debts; phone: this number only. */
  readonly scope: 'personDebt' | 'person' | 'phone';
  readonly kinds: readonly ContactKind[];
  /** Outcomes that count; a contact whose outcome is unknown always counts. */
  readonly outcomes: readonly Outcome[] | 'all';
  /** Only applies when the number being dialled has one of these types (unknown types apply). */
  readonly phoneTypes?: readonly PhoneType[];
  /** Only applies to robot (artificial voice) calls, and not when the number has consent. */
  readonly robotWithoutConsentOnly?: boolean;
}

export interface QuietRule extends RuleBase {
  readonly kind: 'quiet';
  readonly quietMs: number;
  readonly kinds: readonly ContactKind[];
}

export interface ConsentRule extends RuleBase {
  readonly kind: 'consent';
  /** Phone types for which a robot call needs recorded consent. */
  readonly phoneTypes: readonly PhoneType[];
}

export interface FlagRule extends RuleBase {
  readonly kind: 'flag';
  readonly flag: string;
}

export interface DncRule extends RuleBase {
  readonly kind: 'dnc';
}

export interface ThirdPartyRule extends RuleBase {
  readonly kind: 'third-party';
  /** Flags that permit calling a third party (the debtor is unreachable, …). */
  readonly permittedBy: readonly string[];
}

export type Rule = WindowRule | HolidayRule | CountRule | QuietRule | ConsentRule | FlagRule | DncRule | ThirdPartyRule;

export interface Profile {
  readonly profileId: string;
  readonly version: string;
  readonly country: 'US' | 'CN';
  readonly rules: readonly Rule[];
  /** State / province overlays: code → extra rules, added when the account is in that jurisdiction. */
  readonly overlays: Readonly<Record<string, readonly Rule[]>>;
  /** Requirements on the dial itself, read by the dialer (not decided here). */
  readonly dial: { readonly minRingMs: number };
}

export type ProfileSet = Readonly<Record<string, Profile>>;
