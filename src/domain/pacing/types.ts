/**
 * Pacing: how many calls to originate now. Pure: the caller passes a snapshot of agents, calls in flight and
 * capacity plus `nowMs`; the pacer answers with a count and its reasoning. Observed outcomes feed the
 * estimators through `observePacing` (a reducer). Definitions (abandoned call, abandonment rate, utilisation)
 * follow ../shared/reference/pacing.md and docs/pacing.md.
 */
import type { AbandonmentWindow } from './abandonment-window.ts';
import type { PacingEstimates } from './estimates.ts';

export const PACING_MODES = ['preview', 'progressive', 'predictive', 'agentless'] as const;
export type PacingMode = (typeof PACING_MODES)[number];

/** What may be originated right now. The services compute it from trunk/node lines and CPS budgets (see capacity.ts). */
export interface DialCapacity {
  /** Lines still free, already the minimum over the trunk and FreeSWITCH-node limits that apply. */
  readonly linesFree: number;
  /** Originations allowed in the current second by the CPS budgets. */
  readonly cpsTokens: number;
}

export interface PacingSnapshot {
  /** Agents logged in to this campaign (ready, on a call or in wrap-up). */
  readonly agentsLoggedIn: number;
  /** Agents ready for a call now, not counting the ones already taken by a waiting live answer. */
  readonly agentsReady: number;
  /** For each agent on a call or in wrap-up: ms since that call was connected (its handle time so far). */
  readonly agentBusyElapsedMs: readonly number[];
  /** For each origination not yet answered or ended: ms since it was originated. */
  readonly ringingElapsedMs: readonly number[];
  /** Live answers waiting (inside the abandon grace) for an agent. */
  readonly liveWaiting: number;
  /** Preview mode: how many agents asked for their next record. */
  readonly previewRequests?: number;
  readonly capacity: DialCapacity;
}

/** What happened to an origination or a connected call; the estimators and the abandonment ledger learn from it. */
export type PacingOutcome =
  /** An origination ended without reaching a live person (busy, no answer, failed, machine…). */
  | { readonly kind: 'attempt.not_live'; readonly atMs: number; readonly durationMs: number }
  /** A live person answered `answerDelayMs` after origination. Counts in the abandonment denominator. */
  | { readonly kind: 'attempt.live'; readonly atMs: number; readonly answerDelayMs: number }
  /** A live answer was not connected within the grace: an abandoned call (also counted by `attempt.live`). */
  | { readonly kind: 'call.abandoned'; readonly atMs: number }
  /** An agent finished a call (talk + wrap-up). */
  | { readonly kind: 'call.handled'; readonly atMs: number; readonly handleMs: number }
  /**
   * An answer counted live at `answeredAtMs` turned out to be a machine (the beep came later): it leaves the
   * abandonment ledger — machines are not in the denominator, and an unconnected machine is no abandoned call.
   */
  | { readonly kind: 'attempt.machine'; readonly answeredAtMs: number; readonly abandonedAtMs?: number };

export interface PacingConfig {
  readonly mode: PacingMode;
  /** Per-campaign abandonment target on the rolling 30-day window (0.03 = 3 %). */
  readonly targetAbandonment: number;
  /** Below this many logged-in agents, predictive dials progressively. */
  readonly minAgentsForPredictive: number;
  /** Live answer waits at most this long for an agent before it counts as abandoned. */
  readonly abandonGraceMs: number;
  /** Predictive waits for this many live answers and handled calls before it trusts its estimates. */
  readonly warmupSamples: number;
  /** Agentless: lines kept free per available agent, for the transfer leg. */
  readonly transferHeadroomPerAgent: number;
}

export const DEFAULT_PACING_CONFIG: PacingConfig = {
  mode: 'predictive',
  targetAbandonment: 0.03,
  minAgentsForPredictive: 4,
  abandonGraceMs: 2000,
  warmupSamples: 50,
  transferHeadroomPerAgent: 1,
};

export interface PacerState {
  readonly config: PacingConfig;
  readonly estimates: PacingEstimates;
  readonly window: AbandonmentWindow;
  /**
   * Predictive's marginal risk threshold: the largest probability that the next call's live answer is
   * abandoned which it still accepts. Tuned online so that the 30-day rate settles below the target.
   */
  readonly marginalRiskLimit: number;
  /** Exponentially weighted share of recent live answers that were abandoned (the controller's input). */
  readonly recentAbandonRate: number;
  /** When this pacer saw its first live answer (the controller's gain needs a full hour of history). */
  readonly firstLiveAtMs: number | null;
}

export interface PacingReasoning {
  readonly mode: PacingMode;
  /** The mode actually applied (predictive falls back to progressive). */
  readonly appliedMode: PacingMode;
  readonly why: string;
  readonly estimates?: {
    readonly liveAnswerProbability: number;
    readonly meanHandleSeconds: number;
    readonly meanLiveAnswerDelaySeconds: number;
    readonly samples: { readonly attempts: number; readonly liveAnswers: number; readonly handled: number };
  };
  readonly targetAbandonment: number;
  readonly abandonment30d: number;
  /** Abandons the 30-day window can still absorb without crossing the target. */
  readonly abandonBudget: number;
  readonly marginalRiskLimit?: number;
  /** Share of recent live answers (≈ the last 300) that were abandoned: what the risk-limit controller reacts to. */
  readonly recentAbandonRate?: number;
  /** Expected abandons from calls already in flight plus the ones dialled now. */
  readonly expectedAbandons?: number;
  readonly wanted: number;
  readonly cappedBy?: 'lines' | 'cps';
}

export interface PacingDecision {
  readonly dialCount: number;
  readonly reasoning: PacingReasoning;
}
