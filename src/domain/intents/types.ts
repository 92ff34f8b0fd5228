/**
 * The robot's understanding of one utterance. The intent set is fixed: dispositions and reports depend on it.
 * Semantics (precedence, what counts as a promise, date/amount resolution): ../shared/reference/intents.md.
 */
export const INTENTS = [
  'promise_to_pay',
  'already_paid',
  'hardship',
  'dispute',
  'wrong_number',
  'third_party',
  'callback_request',
  'refuse_to_pay',
  'cease_communication',
  'attorney_represented',
  'bankruptcy',
  'request_agent',
  'affirm',
  'deny',
  'ask_balance',
  'ask_who_is_calling',
  'ask_if_robot',
  'out_of_scope',
] as const;
export type Intent = (typeof INTENTS)[number];

export type Lang = 'en' | 'zh';

export interface MoneySlot {
  readonly value: number;
  readonly currency: string; // ISO 4217, e.g. USD, CNY
}

export interface Slots {
  readonly amount?: MoneySlot;
  /** YYYY-MM-DD in the reference time zone. */
  readonly date?: string;
  /** Present when a date was mentioned but cannot be resolved (e.g. "发工资那天"). */
  readonly dateUnresolved?: { readonly text: string; readonly reason: string };
  readonly installments?: { readonly amount: MoneySlot; readonly period: 'week' | 'month' | 'biweek' };
  /**
   * The requested callback in the call's zone, as intents.md specifies: `YYYY-MM-DDTHH:MM` when a clock time
   * is given (a window uses its start), `YYYY-MM-DD` for a day or part of day; absent for "later".
   */
  readonly callbackTime?: string;
}

export interface Understanding {
  readonly text: string;
  readonly intent: Intent;
  /** Calibrated 0..1; below the caller's threshold the robot asks again instead of acting. */
  readonly confidence: number;
  readonly slots: Slots;
}

export interface UnderstandContext {
  readonly lang: Lang;
  /** Reference instant for relative dates. */
  readonly now: Date;
  /** IANA zone for resolving dates ("next Friday" in the debtor's zone). */
  readonly timeZone: string;
  /** Default currency for bare amounts ("五百" → CNY, "two hundred" → USD). */
  readonly currency?: string;
}

export type Understand = (text: string, ctx: UnderstandContext) => Understanding;
