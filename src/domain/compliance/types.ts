/**
 * The compliance engine's vocabulary. A `ComplianceCase` is everything needed to decide one dial (who, which
 * number, over which channel, what happened before); `decide` turns it into a `Decision` that lists every rule
 * evaluated, so compliance staff can replay and read it. Instants are epoch milliseconds (`…Ms`), local times
 * are minutes after local midnight (`…Minute`).
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const PHONE_TYPES = ['mobile', 'landline', 'work', 'unknown'] as const;
export type PhoneType = (typeof PHONE_TYPES)[number];

export const CONTACT_KINDS = ['call', 'text', 'email', 'inbound_call'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const OUTCOMES = ['conversation', 'voicemail', 'no_answer', 'busy', 'failed', 'not_in_service', 'machine'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Channel = 'robot' | 'agent';

/** A consumer-designated inconvenient time, in the consumer's local time ("don't call me at work"). */
export interface BlockedWindow {
  readonly days: readonly Weekday[];
  readonly startMinute: number;
  readonly endMinute: number;
}

export interface AccountFacts {
  readonly accountId?: string | undefined;
  readonly debtId?: string | undefined;
  readonly country?: string | undefined;
  readonly state?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly province?: string | undefined;
  /** Suppression flags (cease, attorney, …). Absent means "none recorded". */
  readonly flags: readonly string[];
  readonly blockedWindows: readonly BlockedWindow[];
}

export interface PhoneFacts {
  readonly number?: string | undefined;
  readonly type?: PhoneType | undefined;
  readonly consent?: boolean | undefined;
  readonly dnc?: boolean | undefined;
  /** Who answers this number; absent means the debtor (the number on the account). */
  readonly relation?: 'debtor' | 'guarantor' | 'third_party' | undefined;
}

/** One past contact. Every field may be missing; a missing field is read the way that counts it. */
export interface ContactRecord {
  readonly atMs?: number | undefined;
  readonly kind?: ContactKind | undefined;
  readonly outcome?: Outcome | undefined;
  readonly phone?: string | undefined;
  readonly debtIds?: readonly string[] | undefined;
  /** Our call id when the record comes from the attempt store; lets reservations be de-duplicated. */
  readonly callId?: string | undefined;
}

export interface ComplianceCase {
  readonly profile?: string | undefined;
  readonly account: AccountFacts;
  readonly phone: PhoneFacts;
  readonly channel?: Channel | undefined;
  readonly history: readonly ContactRecord[];
}

export interface RuleResult {
  readonly rule: string;
  readonly pass: boolean;
  readonly detail: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface Decision {
  readonly allowed: boolean;
  readonly blockedBy: readonly string[];
  readonly rules: readonly RuleResult[];
  /** Earliest instant ≥ now when every time-bound rule passes; null when no time will help (flags, consent). */
  readonly nextEligibleAtMs: number | null;
  /** The profile and version that decided, for the decision log. */
  readonly profile: string;
  readonly profileVersion: string;
  /** The candidate time zones the window rules were evaluated in. */
  readonly zones: readonly string[];
}

/** A half-open instant interval [startMs, endMs). */
export interface Interval {
  readonly startMs: number;
  readonly endMs: number;
}
