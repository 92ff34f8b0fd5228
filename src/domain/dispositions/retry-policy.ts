/**
 * Retry/recycle by outcome, as configuration-shaped data with defaults. This gives the earliest next
 * attempt the dialler would like; the compliance engine still decides whether a call is allowed then.
 */
import { DISPOSITIONS, type Disposition } from './dispositions.ts';

export type RetryRule =
  /** Try the same phone again after `delayMinutes`, at most `maxAttempts` times in a row with this outcome. */
  | { readonly action: 'retry'; readonly delayMinutes: number; readonly maxAttempts: number }
  /** This phone is done; move to the person's next phone (if any). */
  | { readonly action: 'next_phone' }
  /** Dial again at the time the debtor asked for (callback). */
  | { readonly action: 'at_requested_time' }
  /** No automatic retry (suppressed, paid, promise follow-up owns it…). */
  | { readonly action: 'stop' };

export interface RetryPolicy {
  readonly rules: Readonly<Record<Disposition, RetryRule>>;
  /** Attempts on one phone, all outcomes, before it is rested. */
  readonly maxAttemptsPerPhone: number;
}

const retry = (delayMinutes: number, maxAttempts: number): RetryRule => ({ action: 'retry', delayMinutes, maxAttempts });
const HOUR = 60;
const DAY = 24 * HOUR;

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttemptsPerPhone: 15,
  rules: {
    busy: retry(15, 5), // someone is on the phone now: soon
    no_answer: retry(4 * HOUR, 6), // a different part of the day
    rejected: retry(DAY, 3),
    failed: retry(30, 3), // network trouble: soon, but not forever
    abandoned: retry(HOUR, 2), // we dropped them: call back when an agent is likely free
    machine_no_message: retry(DAY, 4), // next day
    voicemail_left: retry(2 * DAY, 3),
    hung_up: retry(DAY, 3),
    third_party: retry(DAY, 3),
    right_party_contact: retry(3 * DAY, 5),
    refused: retry(3 * DAY, 3),
    hardship: retry(7 * DAY, 2),
    invalid_number: { action: 'next_phone' },
    wrong_number: { action: 'next_phone' },
    callback: { action: 'at_requested_time' },
    promise_to_pay: { action: 'stop' }, // the promise follow-up schedules the next call
    already_paid: { action: 'stop' },
    dispute: { action: 'stop' },
    cease: { action: 'stop' },
    attorney: { action: 'stop' },
    bankruptcy: { action: 'stop' },
  },
};

export class RetryPolicyError extends Error {
  readonly code = 'RETRY_POLICY_INVALID';
  readonly retryable = false;
}

/** Merges overrides onto the defaults and checks them; errors name each bad entry. */
export function retryPolicyFrom(overrides: { maxAttemptsPerPhone?: number; rules?: Partial<Record<string, RetryRule>> } = {}): RetryPolicy {
  const problems: string[] = [];
  const rules: Record<string, RetryRule> = { ...DEFAULT_RETRY_POLICY.rules };
  for (const [name, rule] of Object.entries(overrides.rules ?? {})) {
    if (!(DISPOSITIONS as readonly string[]).includes(name)) problems.push(`rules.${name}: unknown disposition`);
    else if (rule?.action === 'retry' && !(rule.delayMinutes >= 0 && Number.isInteger(rule.maxAttempts) && rule.maxAttempts >= 1))
      problems.push(`rules.${name}: delayMinutes must be ≥ 0 and maxAttempts an integer ≥ 1`);
    else if (rule) rules[name] = rule;
  }
  const maxAttemptsPerPhone = overrides.maxAttemptsPerPhone ?? DEFAULT_RETRY_POLICY.maxAttemptsPerPhone;
  if (!(Number.isInteger(maxAttemptsPerPhone) && maxAttemptsPerPhone >= 1)) problems.push('maxAttemptsPerPhone must be an integer ≥ 1');
  if (problems.length > 0) throw new RetryPolicyError(`invalid retry policy: ${problems.join('; ')}`);
  return { maxAttemptsPerPhone, rules: rules as Record<Disposition, RetryRule> };
}

export type NextStep =
  | { readonly action: 'retry'; readonly notBeforeMs: number; readonly reason: string }
  | { readonly action: 'next_phone'; readonly reason: string }
  | { readonly action: 'stop'; readonly reason: string };

export interface PhoneHistory {
  /** Attempts on this phone so far, including the one just disposed. */
  readonly attemptsOnPhone: number;
  /** How many of the latest attempts on this phone in a row ended with this same disposition (≥ 1). */
  readonly consecutiveSameOutcome: number;
}

export function nextStep(policy: RetryPolicy, disposition: Disposition, history: PhoneHistory, nowMs: number, callbackAtMs?: number): NextStep {
  const rule = policy.rules[disposition];
  switch (rule.action) {
    case 'stop':
      return { action: 'stop', reason: `${disposition}: no automatic retry` };
    case 'next_phone':
      return { action: 'next_phone', reason: `${disposition}: this phone is done` };
    case 'at_requested_time':
      if (callbackAtMs === undefined) return { action: 'stop', reason: 'callback without a requested time' };
      return { action: 'retry', notBeforeMs: callbackAtMs, reason: 'callback the debtor asked for' };
    case 'retry':
      if (history.consecutiveSameOutcome >= rule.maxAttempts)
        return { action: 'next_phone', reason: `${disposition} ${history.consecutiveSameOutcome} times in a row (limit ${rule.maxAttempts})` };
      if (history.attemptsOnPhone >= policy.maxAttemptsPerPhone)
        return { action: 'next_phone', reason: `${history.attemptsOnPhone} attempts on this phone (limit ${policy.maxAttemptsPerPhone})` };
      return { action: 'retry', notBeforeMs: nowMs + rule.delayMinutes * 60_000, reason: `${disposition}: retry in ${rule.delayMinutes} min` };
  }
}
