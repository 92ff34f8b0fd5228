import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { AttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import type { ConversationEffect, ConversationEvent, Conversation } from '../../domain/conversation/conversation-types.ts';
import { startConversation, step } from '../../domain/conversation/index.ts';
import type { Understand } from '../../domain/intents/types.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import type { HotState } from '../../ports/hot-state.ts';
import { hangupCauseQ850, type CallEvent, type Disposable, type FsHangupCause, type HangupCauseName, type HangupInfo, type MediaControl } from '../../ports/media-control.ts';
import type { Logger } from '../../adapters/log/logger.ts';
import type { AgentDesk, AgentSession } from '../../ports/agent-desk.ts';
import type { CallJob, CallResult } from './call-job.ts';
import { classifyRunnerCall, NOT_DIALLED, type CallOutcomeClass } from './call-outcome.ts';

const SUPPRESSION_FLAGS: ReadonlySet<string> = new Set(['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']);

/** Pause after a key that ends a multi-digit answer (ITU-T/IVR practice: 3-5 s). */
const INTER_DIGIT_MS = 3000;

export interface CallRunnerDeps {
  readonly media: MediaControl;
  readonly attempts: AttemptsRepo;
  readonly hot: HotState;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly understand: Understand;
  readonly ttsVoice: string;
  /** Upper bound of one call, whatever happens (a stuck call must not hold a line forever). */
  readonly maxCallMs: number;
  /** Live answers in agent campaigns go here; absent: no agents (robot campaigns). */
  readonly agentDesk?: AgentDesk;
  /** A live answer not connected within this is abandoned (TCPA: 2 s). */
  readonly abandonGraceMs: number;
  /** Played to an abandoned live answer (limited-content; compliance.md). */
  readonly abandonedMessage: (job: CallJob) => string;
}

/**
 * One owner per call: the runner owns the call's event subscription, timers, line budget and pending
 * commands, and releases all of them on every exit path (hangup, originate failure, error, shutdown).
 * Events are processed strictly one at a time, in arrival order, through a promise queue.
 */
export function runCall(deps: CallRunnerDeps, job: CallJob): Promise<CallResult> {
  return startCall(deps, job).result;
}

/**
 * The debtor's requested time is local (`YYYY-MM-DDTHH:MM` or a date) in their zone; a date alone means
 * 10:00 local. Without a usable time, the callback is due in a day.
 */
export function callbackDueAt(local: string | undefined, timeZone: string, nowMs: number): Date {
  const parsed = local ? DateTime.fromISO(local.length === 10 ? `${local}T10:00` : local, { zone: timeZone }) : undefined;
  return parsed?.isValid ? parsed.toJSDate() : new Date(nowMs + 24 * 3600_000);
}

export interface CallHandle {
  readonly result: Promise<CallResult>;
  /** Asks the call to end (controller shutdown); the result still arrives through `result`. */
  hangup(reason: string): void;
  /**
   * Last resort at shutdown when the switch never confirmed the end: frees this process's timers and
   * subscription and leaves the attempt open, for the next start's reconciliation to settle truthfully.
   */
  detach(): void;
}

export function startCall(deps: CallRunnerDeps, job: CallJob): CallHandle {
  const run = new CallRun(deps, job);
  return { result: run.run(), hangup: (reason) => run.requestHangup(reason), detach: () => run.detach() };
}

class CallRun {
  private fsUuid: string | undefined;
  private subscription: Disposable | undefined;
  private readonly timers = new Map<string, TimerHandle>();
  private queue: Promise<void> = Promise.resolve();
  private conversation: Conversation | undefined;
  private turnsWritten = 0;
  private readonly promptQueue: string[] = [];
  private answeredAtMs: number | undefined;
  private dialedAtMs: number | undefined;
  private abandoned = false;
  private abandonedAtMs: number | undefined;
  private digits = '';
  private asrListening = false;
  private dtmfMaxDigits: number | undefined;
  private handleMs: number | undefined;
  private machine = false;
  private hangupRequested: string | undefined;
  private recording: { path: string; durationMs: number | undefined } | undefined;
  private finished = false;
  private resolveDone!: (r: CallResult) => void;
  private readonly done = new Promise<CallResult>((resolve) => (this.resolveDone = resolve));

  constructor(
    private readonly deps: CallRunnerDeps,
    private readonly job: CallJob,
  ) {}

  async run(): Promise<CallResult> {
    const { job, deps } = this;
    if (job.ringTimeoutMs < 15_000) throw new RangeError('ringTimeoutMs must be at least 15 s (TCPA minimum ring)');
    this.setTimer('max-call', deps.maxCallMs, () => this.enqueue(() => this.hangup('max_call_duration')));
    try {
      const call = await deps.media.originate(
        {
          destinationNumber: job.numberE164,
          trunkName: job.trunkName,
          callerIdNumber: job.callerIdNumber,
          ...(job.callerIdName ? { callerIdName: job.callerIdName } : {}),
          ringTimeoutMs: job.ringTimeoutMs,
          detectMachine: job.detectMachine,
          variables: { recollect_attempt_id: job.attemptId },
        },
        (event) => this.enqueue(() => this.onMediaEvent(event)),
      );
      this.fsUuid = call.fsUuid;
      this.dialedAtMs = deps.clock.now();
      this.subscription = call.subscription;
      await deps.attempts.markDialing(job.attemptId, call.fsUuid, call.nodeName, new Date(deps.clock.now()));
    } catch (err) {
      // Nothing left the switch: the call does not count toward any cap.
      deps.logger.warn({ attemptId: job.attemptId, err: (err as Error).message, code: (err as { code?: string }).code }, 'originate rejected');
      await job.releaseReservation().catch(() => undefined);
      await this.finish(NOT_DIALLED, undefined, { originateError: (err as Error).message });
    }
    return this.done;
  }

  detach(): void {
    if (this.finished) return;
    this.finished = true;
    for (const handle of this.timers.values()) this.deps.clock.clearTimer(handle);
    this.timers.clear();
    this.subscription?.dispose();
    this.deps.logger.warn({ attemptId: this.job.attemptId }, 'call detached at shutdown; left open for reconciliation');
  }

  requestHangup(reason: string): void {
    this.enqueue(() => this.hangup(reason));
  }

  private enqueue(task: () => Promise<void> | void): void {
    this.queue = this.queue.then(task).catch((err: unknown) => {
      // One error boundary per call: a broken call ends that call, never the process.
      this.deps.logger.error({ attemptId: this.job.attemptId, err: (err as Error).message }, 'call runner error; ending call');
      return this.hangup('runner_error');
    });
  }

  private async onMediaEvent(event: CallEvent): Promise<void> {
    if (this.finished) return;
    const at = new Date(this.deps.clock.now());
    switch (event.type) {
      case 'call.ringing':
        await this.deps.attempts.markRinging(this.job.attemptId);
        return;
      case 'call.answered':
        return this.onAnswered(at);
      case 'machine.beep':
        if (!this.machine && this.answeredAtMs !== undefined && this.dialedAtMs !== undefined)
          this.job.onPacing?.({ kind: 'attempt.machine', answeredAtMs: this.answeredAtMs, ...(this.abandonedAtMs !== undefined ? { abandonedAtMs: this.abandonedAtMs } : {}) });
        this.machine = true;
        await this.deps.attempts.setAmdResult(this.job.attemptId, 'machine');
        return this.converse({ type: 'machine.detected' });
      case 'playback.finished': {
        const promptId = this.promptQueue.shift();
        if (promptId === 'abandoned') return this.hangup('abandoned');
        return promptId ? this.converse({ type: 'prompt.finished', promptId }) : undefined;
      }
      case 'speech.started':
        return this.converse({ type: 'speech.started' });
      case 'speech.recognized':
        // After a result FreeSWITCH's detect_speech pauses until started (or resumed) again.
        this.asrListening = false;
        if (event.error || event.text.trim() === '') return; // no-input is the engine's timer's business
        return this.converse({ type: 'speech.recognized', text: event.text, confidence: (event.confidence ?? 80) / 100, at });
      case 'dtmf.received':
        return this.onDigit(event.digit, at);
      case 'record.stopped':
        this.recording = { path: event.path, durationMs: event.recordedMs };
        return;
      case 'originate.failed':
        return this.finishUnanswered(event.cause, event.rawCause, undefined);
      case 'call.hangup':
        return this.onHangup(event);
      default:
        return;
    }
  }

  private async onAnswered(at: Date): Promise<void> {
    this.answeredAtMs = at.getTime();
    this.job.onAnswered?.();
    // Handed to an agent or the robot as a live person; a beep heard later takes it back ('attempt.machine').
    if (this.dialedAtMs !== undefined) this.job.onPacing?.({ kind: 'attempt.live', atMs: this.answeredAtMs, answerDelayMs: this.answeredAtMs - this.dialedAtMs });
    // Recorded from answer with uuid_record (RECORD_START/STOP as captured); the switch stops it at hangup.
    // Started before an agent is connected, so the agent's opening disclosure is on the recording.
    if (this.job.recordPath && this.fsUuid) {
      this.recording = { path: this.job.recordPath, durationMs: undefined };
      await this.deps.media.startRecording(this.fsUuid, this.job.recordPath);
    }
    // The 2 s grace runs from the answer: ask for an agent before the store write.
    if (this.job.channel === 'agent') this.connectAgent();
    await this.deps.attempts.markAnswered(this.job.attemptId, at);
    if (this.job.channel === 'agent') return;
    // The robot greets at once: a live answer is never left waiting (no abandonment in robot mode).
    const result = startConversation(this.job.script, this.job.account, {
      understand: this.deps.understand,
      lang: this.job.lang,
      timeZone: this.job.timeZone,
      now: at,
      entry: 'live',
    });
    await this.apply(result.state, result.effects);
  }

  /** Agent campaigns: hand the live answer to an agent within the grace, or play the abandoned message. */
  private connectAgent(): void {
    const desk = this.deps.agentDesk;
    if (!desk) {
      this.enqueue(() => this.abandon());
      return;
    }
    desk.connect(this.job.attemptId, this.deps.abandonGraceMs).then(
      (session) => this.enqueue(() => (session ? this.onAgentConnected(session) : this.abandon())),
      () => this.enqueue(() => this.abandon()),
    );
  }

  private onAgentConnected(session: AgentSession): void {
    session.finished.then(
      ({ handleMs }) =>
        this.enqueue(() => {
          this.handleMs = handleMs;
          this.job.onPacing?.({ kind: 'call.handled', atMs: this.deps.clock.now(), handleMs });
          return this.hangup('agent_finished');
        }),
      () => this.enqueue(() => this.hangup('agent_error')),
    );
  }

  private async abandon(): Promise<void> {
    if (this.finished || !this.fsUuid) return;
    this.abandoned = true;
    this.abandonedAtMs = this.deps.clock.now();
    // A machine is not an abandoned call (pacing.md): only a live answer counts.
    if (!this.machine) this.job.onPacing?.({ kind: 'call.abandoned', atMs: this.abandonedAtMs });
    await this.deps.media.play(this.fsUuid, { kind: 'tts', text: this.deps.abandonedMessage(this.job), voice: this.deps.ttsVoice, lang: this.job.lang });
    this.promptQueue.push('abandoned');
  }

  /**
   * FreeSWITCH reports one DTMF event per key. Keys are collected into one answer: it is complete at the
   * listening state's max digits, at '#', or after an inter-digit pause — the usual IVR convention.
   */
  private async onDigit(digit: string, at: Date): Promise<void> {
    this.clearTimer('dtmf-interdigit');
    if (digit !== '#') this.digits += digit;
    const max = this.dtmfMaxDigits ?? 1;
    if (digit === '#' || this.digits.length >= max) return this.flushDigits(at);
    this.setTimer('dtmf-interdigit', INTER_DIGIT_MS, () => this.enqueue(() => this.flushDigits(new Date(this.deps.clock.now()))));
  }

  private async flushDigits(at: Date): Promise<void> {
    this.clearTimer('dtmf-interdigit');
    const digits = this.digits;
    this.digits = '';
    if (digits !== '') await this.converse({ type: 'dtmf.received', digits, at });
  }

  private async converse(event: ConversationEvent): Promise<void> {
    if (!this.conversation) return;
    const result = step(this.conversation, event);
    await this.apply(result.state, result.effects);
  }

  private async apply(state: Conversation, effects: readonly ConversationEffect[]): Promise<void> {
    this.conversation = state;
    await this.writeNewTurns();
    for (const effect of effects) await this.execute(effect);
  }

  private async writeNewTurns(): Promise<void> {
    const turns = this.conversation?.data.transcript ?? [];
    for (const turn of turns.slice(this.turnsWritten)) {
      await this.deps.attempts.appendTurn(this.job.attemptId, {
        turnNo: turn.seq,
        occurredAt: new Date(this.deps.clock.now()),
        state: turn.state,
        ...(turn.prompt ? { prompt: turn.prompt.text } : {}),
        ...(turn.heard ? { heard: turn.heard.text } : {}),
        ...(turn.intent ? { intent: turn.intent } : {}),
        ...(turn.confidence !== undefined ? { confidence: turn.confidence } : {}),
        ...(turn.slots ? { slots: turn.slots } : {}),
        ...(turn.transition ? { transition: `${turn.transition.from}->${turn.transition.to} via ${turn.transition.via}` } : {}),
      });
    }
    this.turnsWritten = turns.length;
  }

  private async execute(effect: ConversationEffect): Promise<void> {
    const { media } = this.deps;
    const fsUuid = this.fsUuid;
    if (!fsUuid || this.hangupRequested) return;
    switch (effect.type) {
      case 'playPrompt':
        this.promptQueue.push(effect.promptId);
        return media.play(fsUuid, effect.file ? { kind: 'file', path: effect.file } : { kind: 'tts', text: effect.text, voice: this.deps.ttsVoice, lang: this.job.lang });
      case 'stopPlayback':
        this.promptQueue.length = 0;
        return media.stopPlayback(fsUuid);
      case 'startListening':
        this.dtmfMaxDigits = effect.dtmf?.maxDigits;
        this.digits = '';
        // Restarting a running recogniser would drop an utterance already under way.
        if (!effect.speech || this.asrListening) return;
        this.asrListening = true;
        return media.startSpeechDetection(fsUuid, { engine: 'default', grammar: 'default' });
      case 'stopListening':
        if (!this.asrListening) return;
        this.asrListening = false;
        return media.stopSpeechDetection(fsUuid);
      case 'startTimer':
        this.setTimer(effect.timerId, effect.ms, () => this.enqueue(() => this.converse({ type: 'timer.fired', timerId: effect.timerId })));
        return;
      case 'cancelTimer':
        this.clearTimer(effect.timerId);
        return;
      case 'requestAgent':
        // No agent desk yet (the SIP transfer issue): the script offers a callback instead.
        return this.converse({ type: 'agent.unavailable' });
      case 'transferToAgent':
      case 'hangup':
        return this.hangup(effect.disposition);
      case 'recordPromise':
      case 'setFlag':
      case 'scheduleCallback':
        return; // read from the conversation state when the call ends, stored with the outcome at once
    }
  }

  private async hangup(reason: string): Promise<void> {
    if (this.hangupRequested || this.finished) return;
    this.hangupRequested = reason;
    if (!this.fsUuid) return;
    await this.deps.media.hangup(this.fsUuid, 'NORMAL_CLEARING').catch(() => undefined);
  }

  private async onHangup(info: HangupInfo): Promise<void> {
    if (!info.answered || this.answeredAtMs === undefined) return this.finishUnanswered(info.cause, info.rawCause, info);
    if (this.conversation && this.conversation.data.phase !== 'ended') {
      const result = step(this.conversation, { type: 'call.hungup' });
      this.conversation = result.state;
      await this.writeNewTurns();
    }
    const cls = classifyRunnerCall({
      answered: true,
      hangupCause: info.rawCause,
      machine: this.machine,
      abandoned: this.abandoned,
      agentHandled: this.job.channel === 'agent' && !this.abandoned,
      conversation: this.conversation?.data,
    });
    await this.finish(cls, info, { reason: cls.reason });
  }

  /** The job result (originate.failed) and the channel's hangup may come in either order; the first wins. */
  private async finishUnanswered(cause: HangupCauseName, rawCause: string, info: HangupInfo | undefined): Promise<void> {
    const q850 = cause in hangupCauseQ850 ? hangupCauseQ850[cause as FsHangupCause] : undefined;
    const cls = classifyRunnerCall({ answered: false, hangupCause: rawCause || cause, machine: false, abandoned: false, agentHandled: false, conversation: undefined });
    if (!this.finished && this.dialedAtMs !== undefined) {
      const now = this.deps.clock.now();
      this.job.onPacing?.({ kind: 'attempt.not_live', atMs: now, durationMs: now - this.dialedAtMs });
    }
    await this.finish(cls, info ?? { cause, q850, sipStatus: undefined }, { rawCause, reason: cls.reason });
  }

  private async finish(cls: CallOutcomeClass, info: Pick<HangupInfo, 'cause' | 'q850' | 'sipStatus'> | undefined, detail: Record<string, unknown>): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    for (const handle of this.timers.values()) this.deps.clock.clearTimer(handle);
    this.timers.clear();
    this.subscription?.dispose();
    const now = this.deps.clock.now();
    const data = this.conversation?.data;
    const promise = data?.promises[0];
    const currency = promise?.amount.currency ?? 'USD';
    const outcomeFlags = data?.flags ?? [];
    try {
      await this.deps.attempts.endAttempt(this.job.attemptId, {
        endedAt: new Date(now),
        disposition: cls.disposition,
        hangupCause: info?.cause,
        q850Code: info?.q850,
        sipStatus: info?.sipStatus,
        amdResult: this.machine ? 'machine' : this.answeredAtMs !== undefined ? 'human' : undefined,
        contactOutcome: cls.contactOutcome,
        debtIds: this.job.debtIds,
        ...(this.recording ? { recording: this.recording } : {}),
        ...(promise
          ? { promise: { promiseId: randomUUID(), amountMinor: Math.round(promise.amount.value * 100), currency, dueDate: promise.date } }
          : {}),
        ...(data?.callbackTime || cls.disposition === 'callback'
          ? { callback: { callbackId: randomUUID(), dueAt: callbackDueAt(data?.callbackTime, this.job.timeZone, now) } }
          : {}),
        // Only flags the compliance engine acts on are stored on the account (hardship routes, it does not suppress).
        accountFlags: outcomeFlags.filter((f) => SUPPRESSION_FLAGS.has(f)),
        ...(outcomeFlags.includes('wrong_number') ? { phoneStatus: 'bad' as const } : {}),
        detail: { ...detail, ...(this.hangupRequested ? { endedBy: this.hangupRequested } : {}), ...(outcomeFlags.length > 0 ? { conversationFlags: outcomeFlags } : {}) },
      });
    } finally {
      await this.deps.hot.releaseLines(this.job.lineScopes, this.job.attemptId).catch(() => undefined);
      this.resolveDone({
        attemptId: this.job.attemptId,
        disposition: cls.disposition,
        answered: this.answeredAtMs !== undefined,
        liveAnswer: this.answeredAtMs !== undefined && !this.machine,
        machine: this.machine,
        ...(promise ? { promise: { amountMinor: Math.round(promise.amount.value * 100), currency, dueDate: promise.date } } : {}),
        talkMs: this.answeredAtMs !== undefined ? now - this.answeredAtMs : 0,
        fsUuid: this.fsUuid,
        dialedAtMs: this.dialedAtMs,
        answerDelayMs: this.answeredAtMs !== undefined && this.dialedAtMs !== undefined ? this.answeredAtMs - this.dialedAtMs : undefined,
        endedAtMs: now,
        abandoned: this.abandoned,
        handleMs: this.handleMs,
      });
    }
  }

  private setTimer(timerId: string, ms: number, fn: () => void): void {
    this.clearTimer(timerId);
    this.timers.set(timerId, this.deps.clock.setTimer(() => {
      this.timers.delete(timerId);
      fn();
    }, ms));
  }

  private clearTimer(timerId: string): void {
    const handle = this.timers.get(timerId);
    if (handle) this.deps.clock.clearTimer(handle);
    this.timers.delete(timerId);
  }
}
