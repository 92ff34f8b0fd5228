import type { AttemptsRepo, OpenAttempt } from '../../adapters/db/repos/attempts-repo.ts';
import type { Logger } from '../../adapters/log/logger.ts';
import type { Clock } from '../../ports/clock.ts';
import type { HotState } from '../../ports/hot-state.ts';
import type { MediaControl } from '../../ports/media-control.ts';

export interface ReconcileReport {
  readonly examined: number;
  /** Calls still up on the switch that this start ended cleanly (hung up, attempt closed). */
  readonly hungUp: number;
  /** Calls that ended while no dialer watched them; closed from what is known. */
  readonly closedGone: number;
  /** Attempts reserved but never handed to the switch. */
  readonly closedNeverDialled: number;
}

/**
 * Runs before a dialer places calls after a (re)start. Every attempt left open by this dialer — or by a
 * dialer that is gone (`isOrphan`) — is settled against the switch's own view (`show channels as json`):
 * a call still up is hung up and closed; a call that is gone is closed with what is known. The outcome is
 * truthful: no guessed conversation result, and an unanswered call whose end we did not see is counted as a
 * placed call for the frequency caps (the conservative reading; compliance never assumes in our favour).
 */
export async function reconcileOpenAttempts(
  deps: { media: MediaControl; attempts: AttemptsRepo; clock: Clock; logger: Logger; hot: HotState },
  /** This dialer's own attempts are settled only at start: later they are its live calls. */
  ownDialerId: string | undefined,
  isOrphan: (a: OpenAttempt) => Promise<boolean>,
): Promise<ReconcileReport> {
  const open = await deps.attempts.listOpenAttempts();
  const mine: OpenAttempt[] = [];
  for (const a of open) {
    if (ownDialerId !== undefined && a.dialerId === ownDialerId) mine.push(a);
    else if (a.dialerId !== ownDialerId && (await isOrphan(a))) mine.push(a);
  }
  if (mine.length === 0) return { examined: 0, hungUp: 0, closedGone: 0, closedNeverDialled: 0 };
  const live = new Set((await deps.media.listChannels()).map((c) => c.fsUuid));
  let hungUp = 0;
  let closedGone = 0;
  let closedNeverDialled = 0;
  for (const a of mine) {
    // The dead runner's line budget (keyed by attempt id) comes back now rather than when its TTL lapses.
    await deps.hot.releaseLines([...(a.trunk ? [`trunk:${a.trunk}`] : []), ...(a.fsNode ? [`node:${a.fsNode}`] : [])], a.attemptId).catch(() => undefined);
    await deps.hot.releaseLease(`account:${a.accountId}`, a.attemptId).catch(() => undefined);
    const endedAt = new Date(deps.clock.now());
    const base = { endedAt, hangupCause: undefined, q850Code: undefined, sipStatus: undefined, amdResult: undefined, debtIds: [] as string[] };
    if (!a.fsUuid) {
      await deps.attempts.endAttempt(a.attemptId, { ...base, disposition: 'failed', contactOutcome: undefined, detail: { reconciled: 'never handed to the switch' } });
      closedNeverDialled += 1;
      continue;
    }
    const wasLive = live.has(a.fsUuid);
    if (wasLive) {
      await deps.media.hangup(a.fsUuid, 'NORMAL_CLEARING').catch((err: unknown) => deps.logger.warn({ attemptId: a.attemptId, err: (err as Error).message }, 'reconcile hangup failed'));
      hungUp += 1;
    } else closedGone += 1;
    const answered = a.answeredAt !== undefined;
    await deps.attempts.endAttempt(a.attemptId, {
      ...base,
      disposition: answered ? 'hung_up' : 'failed',
      hangupCause: 'RECONCILED',
      contactOutcome: answered ? 'conversation' : 'no_answer',
      detail: { reconciled: wasLive ? 'still up at restart; hung up' : 'ended while no dialer was watching', previousStatus: a.status, previousDialer: a.dialerId },
    });
  }
  deps.logger.info({ dialerId: ownDialerId, examined: mine.length, hungUp, closedGone, closedNeverDialled }, 'reconciled open attempts');
  return { examined: mine.length, hungUp, closedGone, closedNeverDialled };
}
