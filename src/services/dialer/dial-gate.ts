import type { DialCandidate } from '../../adapters/db/repos/dialer-repo.ts';

/** What the compliance engine said about one candidate, as stored in the decision log. */
export interface GateDecision {
  readonly allowed: boolean;
  readonly blockedBy: readonly string[];
  readonly rules: unknown;
  readonly nextEligibleAtMs: number | null;
  readonly profile: string;
}

export interface GateResult {
  readonly decision: GateDecision;
  /** Present only when allowed: gives back the frequency-cap reservation if no call leaves. */
  readonly release?: () => Promise<void>;
}

/**
 * The compliance gate in front of every dial: decide, and if allowed reserve the frequency-cap slot
 * atomically across dialer processes. When the state needed to decide is unknown (store down), the answer
 * is "not allowed" with reason `store.unavailable`; never a dial.
 */
export interface DialGate {
  admit(candidate: DialCandidate, profile: string, channel: 'robot' | 'agent', attemptId: string, nowMs: number): Promise<GateResult>;
}
