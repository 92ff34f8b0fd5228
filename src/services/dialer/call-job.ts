import type { ConversationAccount } from '../../domain/conversation/conversation-types.ts';
import type { Script } from '../../domain/conversation/script.ts';
import type { Lang } from '../../domain/intents/types.ts';
import type { PacingOutcome } from '../../domain/pacing/types.ts';

/** Everything one call needs, decided before it is dialled (the account is already reserved). */
export interface CallJob {
  readonly attemptId: string;
  readonly campaignId: string | undefined;
  readonly accountId: string;
  readonly debtIds: readonly string[];
  readonly numberE164: string;
  readonly trunkName: string;
  readonly callerIdNumber: string;
  readonly callerIdName?: string;
  /** ≥ 15 s (TCPA 64.1200(a)(6)); the runner refuses less. */
  readonly ringTimeoutMs: number;
  readonly detectMachine: boolean;
  /** robot: the conversation engine talks; agent: live answers go to the agent desk. */
  readonly channel: 'robot' | 'agent';
  readonly recordPath: string | undefined;
  readonly script: Script;
  readonly lang: Lang;
  readonly timeZone: string;
  readonly account: ConversationAccount;
  /** Lines this call holds in the shared budget (released by the runner on every exit path). */
  readonly lineScopes: readonly string[];
  /** Gives back the frequency-cap reservation when no call left the switch. */
  readonly releaseReservation: () => Promise<void>;
  /** Tells the campaign's pacer the call is no longer ringing. */
  readonly onAnswered?: () => void;
  /**
   * Tells the campaign's pacer what happened, at the moment it happens (a live answer at answer time, an
   * abandon when the grace runs out, a handled call when the agent finishes) — not when the call ends:
   * learning a live answer only after its handle time lags the estimates and the abandonment ledger's
   * denominator by minutes.
   */
  readonly onPacing?: (outcome: PacingOutcome) => void;
}

export interface CallResult {
  readonly attemptId: string;
  readonly disposition: string;
  readonly answered: boolean;
  readonly liveAnswer: boolean;
  readonly machine: boolean;
  readonly promise?: { readonly amountMinor: number; readonly currency: string; readonly dueDate: string | undefined };
  readonly talkMs: number;
  readonly fsUuid: string | undefined;
  readonly dialedAtMs: number | undefined;
  readonly answerDelayMs: number | undefined;
  readonly endedAtMs: number;
  readonly abandoned: boolean;
  /** Agent campaigns: the agent's handle time. */
  readonly handleMs: number | undefined;
}
