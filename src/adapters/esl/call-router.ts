/**
 * Routes mapped ESL signals to the listener of each call leg, and keeps the per-leg facts the adapter needs:
 * which node a leg lives on, whether the switch has created it, whether it has ended, which bgapi job belongs to
 * it. No I/O: the media control feeds it signals and asks it questions.
 *
 * Guarantees to listeners: events of a leg arrive in wire order; duplicated avmd events arrive once;
 * `call.hangup` arrives exactly once and last. The routing entry of a leg is removed when it ends, whether or
 * not its owner has disposed its subscription yet, so nothing grows with the number of calls handled.
 */
import type { CallEvent, CallEventListener, Disposable, HangupInfo } from '../../ports/media-control.ts';
import { causeOfJobFailure, parseHangupCause, type EslSignal } from './esl-event-mapper.ts';

interface Leg {
  nodeName: string | undefined;
  readonly listeners: Set<CallEventListener>;
  /** Originated by us: kept until it ends even if every listener is gone (its trunk line must be freed). */
  readonly owned: boolean;
  seenChannel: boolean;
  answered: boolean;
  readonly dedupe: Set<string>;
}

/** Unmatched job results kept for a Job-UUID re-key (a switch that ignored our Job-UUID header). */
const MAX_ORPHAN_JOBS = 256;

export class CallRouter {
  private readonly legs = new Map<string, Leg>();
  private readonly jobs = new Map<string, string>();
  private readonly orphanJobs = new Map<string, Extract<EslSignal, { kind: 'job' }>>();

  constructor(
    private readonly onLegEnded: (fsUuid: string) => void,
    private readonly onListenerError: (fsUuid: string, err: unknown) => void,
  ) {}

  /** Starts routing `fsUuid` to `listener`; the returned subscription is the caller's to dispose. */
  track(
    fsUuid: string,
    nodeName: string | undefined,
    listener: CallEventListener,
    owned: boolean,
  ): Disposable {
    let leg = this.legs.get(fsUuid);
    if (!leg) {
      leg = { nodeName, listeners: new Set(), owned, seenChannel: false, answered: false, dedupe: new Set() };
      this.legs.set(fsUuid, leg);
    }
    const entry = leg;
    const wrapped: CallEventListener = (event) => listener(event);
    entry.listeners.add(wrapped);
    return {
      dispose: () => {
        entry.listeners.delete(wrapped);
        if (entry.listeners.size === 0 && !entry.owned && this.legs.get(fsUuid) === entry)
          this.legs.delete(fsUuid);
      },
    };
  }

  expectJob(jobUuid: string, fsUuid: string): void {
    this.jobs.set(jobUuid, fsUuid);
  }

  rekeyJob(ourJobUuid: string, reportedJobUuid: string): void {
    const fsUuid = this.jobs.get(ourJobUuid);
    this.jobs.delete(ourJobUuid);
    if (fsUuid === undefined) return;
    this.jobs.set(reportedJobUuid, fsUuid);
    const early = this.orphanJobs.get(reportedJobUuid);
    if (early) {
      this.orphanJobs.delete(reportedJobUuid);
      this.handle(early, undefined);
    }
  }

  /** Drops a leg without telling anyone (its originate never reached the switch). */
  forget(fsUuid: string): void {
    this.legs.delete(fsUuid);
    for (const [job, leg] of this.jobs) if (leg === fsUuid) this.jobs.delete(job);
  }

  nodeOf(fsUuid: string): string | undefined {
    return this.legs.get(fsUuid)?.nodeName;
  }

  legsOn(nodeName: string): string[] {
    return [...this.legs].filter(([, leg]) => leg.nodeName === nodeName).map(([fsUuid]) => fsUuid);
  }

  liveLegCount(nodeName?: string): number {
    return nodeName === undefined ? this.legs.size : this.legsOn(nodeName).length;
  }

  handle(signal: EslSignal, nodeName: string | undefined): void {
    if (signal.kind === 'job') return this.handleJob(signal);
    const leg = this.legs.get(signal.fsUuid);
    if (!leg) return;
    leg.nodeName ??= nodeName;
    if (signal.kind === 'channel.seen') {
      leg.seenChannel = true;
      return;
    }
    if (signal.dedupeKey !== undefined) {
      if (leg.dedupe.has(signal.dedupeKey)) return;
      leg.dedupe.add(signal.dedupeKey);
    }
    if (signal.event.type === 'call.hangup') return this.end(signal.fsUuid, signal.event);
    if (signal.event.type === 'call.answered') leg.answered = true;
    this.deliver(signal.fsUuid, leg, signal.event);
  }

  /** Ends a leg with a hangup we did not see (reconciliation after a reconnect, or a job that failed before any channel). */
  endWith(fsUuid: string, info: HangupInfo): void {
    const leg = this.legs.get(fsUuid);
    if (leg) this.end(fsUuid, { type: 'call.hangup', ...info, answered: info.answered || leg.answered });
  }

  private handleJob(job: Extract<EslSignal, { kind: 'job' }>): void {
    const fsUuid = this.jobs.get(job.jobUuid);
    if (fsUuid === undefined) {
      this.orphanJobs.set(job.jobUuid, job);
      if (this.orphanJobs.size > MAX_ORPHAN_JOBS)
        this.orphanJobs.delete(this.orphanJobs.keys().next().value!);
      return;
    }
    this.jobs.delete(job.jobUuid);
    const leg = this.legs.get(fsUuid);
    if (!leg || job.ok) return;
    const { cause, rawCause } = causeOfJobFailure(job.result);
    this.deliver(fsUuid, leg, { type: 'originate.failed', cause, rawCause });
    // Busy/no-answer/unreachable create a channel whose CHANNEL_HANGUP_COMPLETE will follow (or came already);
    // a failure before any channel existed (bad gateway, session limit) will never get one.
    if (!leg.seenChannel) {
      this.endWith(fsUuid, {
        ...parseHangupCause(rawCause),
        rawCause,
        sipStatus: undefined,
        byRemote: undefined,
        answered: false,
      });
    }
  }

  private end(fsUuid: string, event: Extract<CallEvent, { type: 'call.hangup' }>): void {
    const leg = this.legs.get(fsUuid);
    if (!leg) return;
    this.legs.delete(fsUuid);
    for (const [job, owner] of this.jobs) if (owner === fsUuid) this.jobs.delete(job);
    this.deliver(fsUuid, leg, event);
    this.onLegEnded(fsUuid);
  }

  /** One error boundary per call: a throwing listener is reported and never breaks routing for other calls. */
  private deliver(fsUuid: string, leg: Leg, event: CallEvent): void {
    for (const listener of [...leg.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.onListenerError(fsUuid, err);
      }
    }
  }
}
