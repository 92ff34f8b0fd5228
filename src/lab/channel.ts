/**
 * One simulated FreeSWITCH channel: identity, state as FreeSWITCH reports it, variables, and what its
 * simulated far end (the callee) will do.
 */
import type { TimerHandle } from '../ports/clock.ts';
import type { ResolvedBehaviour } from './behaviour.ts';

export const STATE_NUMBERS: Readonly<Record<string, number>> = {
  CS_NEW: 0,
  CS_INIT: 1,
  CS_ROUTING: 2,
  CS_SOFT_EXECUTE: 3,
  CS_EXECUTE: 4,
  CS_EXCHANGE_MEDIA: 5,
  CS_PARK: 6,
  CS_CONSUME_MEDIA: 7,
  CS_HIBERNATE: 8,
  CS_RESET: 9,
  CS_HANGUP: 10,
  CS_REPORTING: 11,
  CS_DESTROY: 12,
  CS_NONE: 13,
};

export type LegKind = 'sofia' | 'loopback-a' | 'loopback-b';

export interface ChannelInit {
  readonly fsUuid: string;
  readonly name: string;
  readonly legKind: LegKind;
  readonly capture: string;
  readonly role: string;
  readonly callerIdNumber: string;
  readonly callerIdName: string;
  /** The user/number part of the dial string (what the population matched). */
  readonly destination: string;
  readonly behaviour: ResolvedBehaviour;
  readonly createdMs: number;
}

export class Channel {
  readonly fsUuid: string;
  readonly name: string;
  readonly legKind: LegKind;
  readonly capture: string;
  readonly role: string;
  readonly callerIdNumber: string;
  readonly callerIdName: string;
  readonly destination: string;
  readonly behaviour: ResolvedBehaviour;
  readonly createdMs: number;
  state = 'CS_NEW';
  callState = 'DOWN';
  answerState = 'ringing';
  answeredMs: number | undefined;
  hangupMs: number | undefined;
  hangupCause: string | undefined;
  /** Variables set by the client ({} on originate, uuid_setvar): shown on events, appended when the capture lacks them. */
  readonly vars = new Map<string, string>();
  /** Names given in the originate's {} block: FreeSWITCH shows them only once it has applied them. */
  readonly originateVarNames = new Set<string>();
  /** Variables the simulation decides (hangup disposition, …): only override the captured value. */
  readonly internalVars = new Map<string, string>();
  readonly occurrences = new Map<string, number>();
  /** Captured uuids with no simulated owner (park's Application-UUID, the pre-rename loopback uuid) → stable fresh ones. */
  readonly freshUuids = new Map<string, string>();
  readonly timers = new Set<TimerHandle>();
  /** Set while the channel sits in park (the `&park()` of the originate, or park_after_bridge). */
  parked: 'app' | 'state' | undefined;
  parkAppUuid = '';
  /** The running application, if any (one at a time: messages are event-locked). */
  app: RunningApp | undefined;
  readonly queue: QueuedApp[] = [];
  recordingPath: string | undefined;
  recordingStartedMs = 0;
  detecting: { grammar: string; engine: string } | undefined;
  detectStarts = 0;
  bridgedWith: Channel | undefined;
  lastBridgedWith: Channel | undefined;
  held = false;
  /** Which side of a uuid_bridge this leg was ('a' = the first uuid, which gets CHANNEL_BRIDGE/UNBRIDGE). */
  bridgeSide: 'a' | 'b' | undefined;
  /** Next scripted callee turn (population `turns`). */
  turnIndex = 0;
  avmdRunning = false;
  /** play_and_detect_speech on a loopback A leg waits for the B leg's speech (loopback.ts). */
  pendingConsume: ((result: string) => void) | undefined;
  /** mod_avmd's second (full) copy of an event waits until the channel next wakes up (avmd_api-plain). */
  readonly deferredAvmd: Array<() => void> = [];
  /** Connections bound with `myevents` to this channel are closed when it hangs up. */
  gone = false;
  /** Loopback B leg: cut its dialplan short when the A leg hangs up (loopback.ts). */
  interruptScript: (() => void) | undefined;
  /** Loopback partner (A ↔ B). */
  partner: Channel | undefined;

  constructor(init: ChannelInit) {
    this.fsUuid = init.fsUuid;
    this.name = init.name;
    this.legKind = init.legKind;
    this.capture = init.capture;
    this.role = init.role;
    this.callerIdNumber = init.callerIdNumber;
    this.callerIdName = init.callerIdName;
    this.destination = init.destination;
    this.behaviour = init.behaviour;
    this.createdMs = init.createdMs;
  }

  get alive(): boolean {
    return this.hangupCause === undefined;
  }
}

export interface QueuedApp {
  readonly app: string;
  readonly arg: string;
  readonly appUuid: string;
  /** Headers of the message (sendmsg or broadcast) that queued it; PRIVATE_COMMAND repeats them. */
  readonly message: ReadonlyArray<readonly [string, string]>;
  readonly via: 'sendmsg' | 'broadcast';
}

export interface RunningApp extends QueuedApp {
  finish?: (response: string) => void;
  timer?: TimerHandle;
  /** Stops the app early (uuid_break, hangup). */
  stop?: (reason: 'break' | 'hangup') => void;
}
