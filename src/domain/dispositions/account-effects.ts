/**
 * What a disposition does to the account and the phone, as data for the services to apply in the same
 * transaction as the attempt record. Suppressing flags take effect at once: the compliance engine refuses
 * every later call for a suppressed account, including calls already queued.
 */
import type { Disposition } from './dispositions.ts';

export type SuppressionFlag = 'cease' | 'attorney' | 'bankruptcy' | 'dispute';

export type AccountEffect =
  | { readonly kind: 'suppress_account'; readonly flag: SuppressionFlag; readonly reason: string }
  | { readonly kind: 'mark_phone_bad'; readonly status: 'wrong_number' | 'invalid'; readonly reason: string }
  | { readonly kind: 'store_promise'; readonly amount: number; readonly currency: string; readonly dueDate: string }
  | { readonly kind: 'schedule_callback'; readonly atMs: number }
  | { readonly kind: 'flag_for_review'; readonly flag: 'hardship' | 'payment_claimed'; readonly reason: string };

export interface DispositionDetails {
  /** promise_to_pay: the promised amount and date (YYYY-MM-DD in the account's time zone). */
  readonly promise?: { readonly amount: number; readonly currency: string; readonly dueDate: string };
  /** callback: when the debtor asked to be called. */
  readonly callbackAtMs?: number;
}

export class DispositionInputError extends Error {
  readonly code = 'DISPOSITION_INPUT_INVALID';
  readonly retryable = false;
}

const SUPPRESS: Partial<Record<Disposition, SuppressionFlag>> = {
  cease: 'cease',
  attorney: 'attorney',
  bankruptcy: 'bankruptcy',
  dispute: 'dispute',
};

export function accountEffects(disposition: Disposition, details: DispositionDetails = {}): AccountEffect[] {
  const flag = SUPPRESS[disposition];
  if (flag) return [{ kind: 'suppress_account', flag, reason: `debtor stated ${disposition} on a call` }];
  switch (disposition) {
    case 'wrong_number':
      return [{ kind: 'mark_phone_bad', status: 'wrong_number', reason: 'the number does not reach the debtor' }];
    case 'invalid_number':
      return [{ kind: 'mark_phone_bad', status: 'invalid', reason: 'the network says the number is not in service' }];
    case 'promise_to_pay':
      return [promiseEffect(details)];
    case 'callback':
      if (details.callbackAtMs === undefined) throw new DispositionInputError('callback needs callbackAtMs (when the debtor asked to be called)');
      return [{ kind: 'schedule_callback', atMs: details.callbackAtMs }];
    case 'hardship':
      return [{ kind: 'flag_for_review', flag: 'hardship', reason: 'debtor reported hardship' }];
    case 'already_paid':
      return [{ kind: 'flag_for_review', flag: 'payment_claimed', reason: 'debtor says the debt is paid' }];
    default:
      return [];
  }
}

function promiseEffect(details: DispositionDetails): AccountEffect {
  const p = details.promise;
  if (!p) throw new DispositionInputError('promise_to_pay needs promise { amount, currency, dueDate }');
  const problems: string[] = [];
  if (!(Number.isFinite(p.amount) && p.amount > 0)) problems.push(`amount must be a positive number (got ${p.amount})`);
  if (!/^[A-Z]{3}$/.test(p.currency)) problems.push(`currency must be an ISO 4217 code like USD (got ${p.currency})`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.dueDate) || Number.isNaN(Date.parse(`${p.dueDate}T00:00:00Z`)))
    problems.push(`dueDate must be YYYY-MM-DD (got ${p.dueDate})`);
  if (problems.length > 0) throw new DispositionInputError(`invalid promise: ${problems.join('; ')}`);
  return { kind: 'store_promise', amount: p.amount, currency: p.currency, dueDate: p.dueDate };
}
