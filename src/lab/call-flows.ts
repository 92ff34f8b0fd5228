/**
 * Channel lifecycles as FreeSWITCH 1.10.12 reports them: outbound SIP legs (answered, busy, no answer,
 * unreachable), and the hangup sequence. Event orders follow the captures (README "Event order").
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedBehaviour } from './behaviour.ts';
import { Channel } from './channel.ts';
import type { LabSwitch } from './lab-switch.ts';
import type { OriginateRequest } from './originate-args.ts';

export const Q850: Readonly<Record<string, number>> = {
  UNALLOCATED_NUMBER: 1,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  CALL_REJECTED: 21,
  NORMAL_TEMPORARY_FAILURE: 41,
  SWITCH_CONGESTION: 42,
  ORIGINATOR_CANCEL: 487,
  MANAGER_REQUEST: 503,
};

/** Where a failed originate's BACKGROUND_JOB fell among the hangup events in the captures. */
export type JobSlot = 'afterHangup' | 'afterReporting' | 'afterComplete';

/** How the originating side (api/bgapi) learns the result. */
export interface OriginateJob {
  /** Fired when the originate has a result: the API event, then the result (BACKGROUND_JOB or api/response). */
  readonly finish: (resultBody: string) => void;
}

export function setState(sw: LabSwitch, ch: Channel, state: string): void {
  ch.state = state;
  sw.fireChannel(ch, { eventName: 'CHANNEL_STATE' });
}

export function setCallState(sw: LabSwitch, ch: Channel, callState: string): void {
  const original = ch.callState;
  ch.callState = callState;
  sw.fireChannel(ch, { eventName: 'CHANNEL_CALLSTATE', fields: { 'Original-Channel-Call-State': original } });
}

function templateFor(b: ResolvedBehaviour): { capture: string; role: string } {
  if (b.template) {
    const [capture, role] = b.template.split(':');
    return { capture: capture!, role: role ?? 'o0' };
  }
  const byOutcome: Record<string, string> = {
    busy: 'busy-plain',
    invalid: 'busy-plain',
    reject: 'busy-plain',
    noanswer: 'noanswer-plain',
    unreachable: 'unreachable-plain',
  };
  const capture =
    byOutcome[b.outcome] ??
    (b.hangupAfterMs !== undefined ? 'callee-hangup-plain' : b.turns.some((t) => 'dtmf' in t) ? 'dtmf-plain' : 'answered-plain');
  return { capture, role: 'o0' };
}

export function createSofiaChannel(sw: LabSwitch, req: OriginateRequest, behaviour: ResolvedBehaviour): Channel {
  const vars = new Map(req.vars);
  const { capture, role } = templateFor(behaviour);
  const ch = new Channel({
    fsUuid: vars.get('origination_uuid') ?? randomUUID(),
    name: req.target!.channelName,
    legKind: 'sofia',
    capture,
    role,
    callerIdNumber: vars.get('origination_caller_id_number') ?? '0000000000',
    callerIdName: vars.get('origination_caller_id_name') ?? 'FreeSWITCH',
    destination: req.target!.user,
    behaviour,
    createdMs: sw.clock.now(),
  });
  for (const [k, v] of req.vars) ch.vars.set(k, v);
  for (const [k] of req.vars) ch.originateVarNames.add(k);
  sw.register(ch);
  sw.callsOut++;
  return ch;
}

/** CHANNEL_OUTGOING … CS_CONSUME_MEDIA: the leg exists and the INVITE is out. */
export function startOutgoing(sw: LabSwitch, ch: Channel): void {
  ch.state = 'CS_NONE';
  sw.fireChannel(ch, { eventName: 'CHANNEL_OUTGOING' });
  setState(sw, ch, 'CS_INIT');
  sw.fireChannel(ch, { eventName: 'CHANNEL_CREATE' });
  sw.fireChannel(ch, { eventName: 'CHANNEL_ORIGINATE' });
  setState(sw, ch, 'CS_ROUTING');
  setState(sw, ch, 'CS_CONSUME_MEDIA');
}

const FAIL_CAUSE: Readonly<Record<string, [string, string, JobSlot]>> = {
  // cause, variable_sip_hangup_disposition, where the job result fell (busy/noanswer/unreachable captures)
  busy: ['USER_BUSY', 'recv_refuse', 'afterComplete'],
  invalid: ['UNALLOCATED_NUMBER', 'recv_refuse', 'afterComplete'],
  reject: ['CALL_REJECTED', 'recv_refuse', 'afterComplete'],
  unreachable: ['NORMAL_TEMPORARY_FAILURE', 'send_bye', 'afterReporting'],
};

// Why 100 ms: the captured SIPp peers sent 180 Ringing right after 100 Trying.
const RINGING_AFTER_MS = 100;

/**
 * Runs an outbound SIP leg to its result. `onAnswered` continues an answered call (park, execute_on_answer).
 * originate_timeout has whole-second granularity in FreeSWITCH: NO_ANSWER fired between t-1 and t seconds
 * (8 s → about 7.2 s in the captures), so the lab fires it 0.8 s before the nominal timeout.
 */
export function runSofiaLeg(sw: LabSwitch, ch: Channel, timeoutSec: number, job: OriginateJob, onAnswered: () => void): void {
  const b = ch.behaviour;
  startOutgoing(sw, ch);
  const fail = FAIL_CAUSE[b.outcome];
  if (fail) {
    const [cause, disposition, slot] = fail;
    sw.after(ch, b.failAfterMs, () => hangupChannel(sw, ch, cause, disposition, { slot, job }));
    return;
  }
  sw.after(ch, RINGING_AFTER_MS, () => {
    ch.answerState = 'ringing';
    sw.fireChannel(ch, { eventName: 'CHANNEL_PROGRESS' });
    setCallState(sw, ch, 'RINGING');
  });
  const timeoutMs = Math.max(RINGING_AFTER_MS + 1, timeoutSec * 1000 - 800);
  const answers = b.outcome === 'answer' && b.answerAfterMs < timeoutMs;
  if (answers) {
    sw.after(ch, Math.max(RINGING_AFTER_MS + 1, b.answerAfterMs), () => answerSofia(sw, ch, job, onAnswered));
    return;
  }
  if (b.ringOutMs !== undefined && b.ringOutMs < timeoutMs) {
    sw.after(ch, b.ringOutMs, () => hangupChannel(sw, ch, 'NO_USER_RESPONSE', 'recv_refuse', { slot: 'afterHangup', job }));
    return;
  }
  sw.after(ch, timeoutMs, () => hangupChannel(sw, ch, 'NO_ANSWER', 'send_cancel', { slot: 'afterHangup', job }));
}

function answerSofia(sw: LabSwitch, ch: Channel, job: OriginateJob, onAnswered: () => void): void {
  sw.fireChannel(ch, { eventName: 'CODEC' });
  sw.fireChannel(ch, { eventName: 'CODEC' });
  markAnswered(sw, ch);
  sw.fireChannel(ch, { eventName: 'CALL_UPDATE' });
  job.finish(`+OK ${ch.fsUuid}\n`);
  onAnswered();
}

/** CHANNEL_ANSWER, execute_on_answer, then CALLSTATE ACTIVE (avmd-plain order). */
export function markAnswered(sw: LabSwitch, ch: Channel): void {
  ch.answerState = 'answered';
  ch.answeredMs = sw.clock.now();
  sw.fireChannel(ch, { eventName: 'CHANNEL_ANSWER' });
  const onAnswer = ch.vars.get('execute_on_answer');
  if (onAnswer) sw.onExecuteOnAnswer?.(ch, onAnswer);
  setCallState(sw, ch, 'ACTIVE');
}

export interface HangupOptions {
  readonly slot?: JobSlot;
  readonly job?: OriginateJob;
  /** Fired right after CHANNEL_HANGUP (uuid_kill's API event comes there). */
  readonly afterHangupEvent?: () => void;
}

/** The whole hangup sequence of one leg (README "Hangup by uuid_kill" and the failure orders). */
export function hangupChannel(sw: LabSwitch, ch: Channel, cause: string, disposition: string, opts: HangupOptions = {}): void {
  if (!ch.alive) return;
  ch.hangupCause = cause;
  ch.hangupMs = sw.clock.now();
  ch.answerState = 'hangup';
  ch.internalVars.set('hangup_cause', cause);
  ch.internalVars.set('hangup_cause_q850', String(Q850[cause] ?? 16));
  if (ch.legKind === 'sofia') ch.internalVars.set('sip_hangup_disposition', disposition);
  if (ch.legKind === 'sofia' && ch.answeredMs === undefined) sw.failedCallsOut++;
  const finishJob = (): void => opts.job?.finish(`-ERR ${cause}\n`);
  sw.fireChannel(ch, { eventName: 'CHANNEL_HANGUP' });
  opts.afterHangupEvent?.();
  if (opts.slot === 'afterHangup') finishJob();
  sw.onHangup?.(ch);
  if (ch.parked) {
    sw.fireChannel(ch, { eventName: 'CHANNEL_UNPARK' });
    if (ch.parked === 'app') completeApp(sw, ch, 'park', '', ch.parkAppUuid);
    ch.parked = undefined;
  }
  setState(sw, ch, 'CS_HANGUP');
  sw.onMediaTeardown?.(ch);
  setCallState(sw, ch, 'HANGUP');
  setState(sw, ch, 'CS_REPORTING');
  if (opts.slot === 'afterReporting') finishJob();
  sw.fireChannel(ch, { eventName: 'CHANNEL_HANGUP_COMPLETE' });
  if (opts.slot === 'afterComplete') finishJob();
  sw.fireChannel(ch, { eventName: 'CHANNEL_DESTROY' });
  setState(sw, ch, 'CS_DESTROY');
  sw.unregister(ch);
}

export function executeApp(sw: LabSwitch, ch: Channel, app: string, arg: string, appUuid: string): void {
  sw.fireChannel(ch, { eventName: 'CHANNEL_EXECUTE', application: app, fields: { Application: app, 'Application-Data': arg, 'Application-UUID': appUuid } });
}

export function completeApp(sw: LabSwitch, ch: Channel, app: string, arg: string, appUuid: string, response = '_none_'): void {
  sw.fireChannel(ch, {
    eventName: 'CHANNEL_EXECUTE_COMPLETE',
    application: app,
    fields: { Application: app, 'Application-Data': arg, 'Application-Response': response, 'Application-UUID': appUuid },
  });
}

/** `&park()`: CS_EXECUTE, CHANNEL_EXECUTE(park), CHANNEL_PARK. */
export function parkChannel(sw: LabSwitch, ch: Channel, appUuid: string = randomUUID()): void {
  if (ch.state !== 'CS_EXECUTE') setState(sw, ch, 'CS_EXECUTE');
  ch.parkAppUuid = appUuid;
  executeApp(sw, ch, 'park', '', ch.parkAppUuid);
  ch.parked = 'app';
  sw.fireChannel(ch, { eventName: 'CHANNEL_PARK' });
}
