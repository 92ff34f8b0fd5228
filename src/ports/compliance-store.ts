/**
 * Atomic reservation of a dial against the frequency caps, shared by every dialer process. The pure core
 * (domain/compliance/cap-plan.ts) says which caps apply and how many durable contacts each already has; the
 * store adds the calls other processes have reserved but not yet recorded, and reserves this one only if no cap
 * would be exceeded — in one atomic step. See docs/adr/0300-compliance-reservations-in-redis-lua.md.
 */

export interface CapScope {
  /** Rule id that owns the cap (regf.7in7, cn.unanswered6, …): the reason when it blocks. */
  readonly rule: string;
  /** Store key of what is counted: a person+debt, a person, a number. */
  readonly scopeKey: string;
  /** Reservations at or before this instant are outside the cap's period. */
  readonly sinceMs: number;
  readonly limit: number;
  /** Contacts already counted from the durable attempt records in the period. */
  readonly durableCount: number;
}

export interface ReservationRequest {
  /** Our call id; the attempt record carries it, which is how a reservation is recognised once durable. */
  readonly callId: string;
  readonly nowMs: number;
  readonly scopes: readonly CapScope[];
  /** Call ids present in the durable records the counts came from (those reservations are already counted). */
  readonly durableCallIds: readonly string[];
}

export type ReservationOutcome =
  | { readonly reserved: true }
  | { readonly reserved: false; readonly blockedBy: readonly string[]; readonly detail: string };

export interface ComplianceStore {
  reserve(req: ReservationRequest): Promise<ReservationOutcome>;
  /** The call never left (originate failed before dialling): give the capacity back. */
  release(callId: string, scopeKeys: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

/** Rule id of the answer when the store cannot be reached: do not dial. */
export const STORE_UNAVAILABLE_RULE = 'store.unavailable';
