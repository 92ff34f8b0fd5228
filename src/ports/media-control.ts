/**
 * MediaControl: how the rest of Recollect drives calls and media on the switch. The only implementation
 * today is EslMediaControl (FreeSWITCH over the event socket); services and tests depend on this file only.
 *
 * Model: every call leg is named by its `fsUuid` (chosen by the adapter and passed to FreeSWITCH as
 * origination_uuid, so it is known before the switch answers). Events of a leg reach only the listener that
 * subscribed to that leg. A subscription is a Disposable owned by exactly one call runner, which disposes it on
 * every exit path; `dispose()` is idempotent. `call.hangup` is delivered exactly once per leg and is always the
 * last event a listener receives for that leg.
 */

/** FreeSWITCH hangup cause names (switch_channel.c CAUSE_CHART) that a dialer can meet. */
export const hangupCauseQ850 = {
  NONE: 0,
  UNALLOCATED_NUMBER: 1,
  NO_ROUTE_TRANSIT_NET: 2,
  NO_ROUTE_DESTINATION: 3,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  EXCHANGE_ROUTING_ERROR: 25,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  FACILITY_REJECTED: 29,
  NORMAL_UNSPECIFIED: 31,
  NORMAL_CIRCUIT_CONGESTION: 34,
  NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41,
  SWITCH_CONGESTION: 42,
  REQUESTED_CHAN_UNAVAIL: 44,
  BEARERCAPABILITY_NOTAVAIL: 58,
  SERVICE_UNAVAILABLE: 63,
  SERVICE_NOT_IMPLEMENTED: 79,
  INCOMPATIBLE_DESTINATION: 88,
  RECOVERY_ON_TIMER_EXPIRE: 102,
  INTERWORKING: 127,
  // Codes above 127 are FreeSWITCH-internal; FreeSWITCH itself reports q850 16 for them.
  ORIGINATOR_CANCEL: 487,
  CRASH: 700,
  SYSTEM_SHUTDOWN: 701,
  LOSE_RACE: 702,
  MANAGER_REQUEST: 703,
  ALLOTTED_TIMEOUT: 802,
  USER_CHALLENGE: 803,
  MEDIA_TIMEOUT: 804,
  PICKED_OFF: 805,
  USER_NOT_REGISTERED: 806,
  PROGRESS_TIMEOUT: 807,
  INVALID_GATEWAY: 808,
  GATEWAY_DOWN: 809,
  INVALID_URL: 810,
  INVALID_PROFILE: 811,
  NO_PICKUP: 812,
  UNWANTED: 819,
} as const;

export type FsHangupCause = keyof typeof hangupCauseQ850;

/**
 * `RECONCILED`: the leg vanished while the adapter was disconnected from its switch, so the real cause is
 * unknown. `UNRECOGNIZED`: FreeSWITCH sent a cause name not in the table (kept in `rawCause`).
 */
export type HangupCauseName = FsHangupCause | 'RECONCILED' | 'UNRECOGNIZED';

export interface HangupInfo {
  readonly cause: HangupCauseName;
  /** Q.850 code as FreeSWITCH numbers the cause (values above 127 are FreeSWITCH-internal); undefined if unknown. */
  readonly q850: number | undefined;
  /** The cause text exactly as FreeSWITCH sent it. */
  readonly rawCause: string;
  /** Final SIP status (sip_term_status), when the leg was SIP and one was seen. */
  readonly sipStatus: number | undefined;
  /** true: the far end ended it (recv_bye, recv_refuse, recv_cancel); false: we did (send_*); undefined: not SIP or unknown. */
  readonly byRemote: boolean | undefined;
  readonly answered: boolean;
}

export type PlaybackKind = 'file' | 'tone' | 'tts';

export type CallEvent =
  | { readonly type: 'call.ringing'; readonly earlyMedia: boolean }
  | { readonly type: 'call.answered' }
  | ({ readonly type: 'call.hangup' } & HangupInfo)
  | { readonly type: 'call.bridged'; readonly otherFsUuid: string }
  | { readonly type: 'call.unbridged'; readonly otherFsUuid: string | undefined }
  | { readonly type: 'playback.started'; readonly kind: PlaybackKind }
  | { readonly type: 'playback.finished'; readonly kind: PlaybackKind }
  | { readonly type: 'speech.started' }
  | {
      readonly type: 'speech.recognized';
      readonly text: string;
      /** 0..100 as the engine reports it; undefined when the engine gave none. */
      readonly confidence: number | undefined;
      /** e.g. `no_input` when the engine heard nothing. */
      readonly error: string | undefined;
      /** The engine's result exactly as received (engines differ: JSON, NLSML, text). PII. */
      readonly raw: string;
    }
  | { readonly type: 'speech.stopped' }
  | { readonly type: 'dtmf.received'; readonly digit: string; readonly durationMs: number | undefined }
  | { readonly type: 'machine.detection.started' }
  | { readonly type: 'machine.beep'; readonly frequencyHz: number | undefined }
  | { readonly type: 'record.started'; readonly path: string }
  | { readonly type: 'record.stopped'; readonly path: string; readonly recordedMs: number | undefined }
  | { readonly type: 'originate.failed'; readonly cause: HangupCauseName; readonly rawCause: string };

export type CallEventType = CallEvent['type'];
export type CallEventListener = (event: CallEvent) => void;

export interface Disposable {
  dispose(): void;
}

export interface OriginateRequest {
  /** Digits to dial, placed into the trunk's dial string. */
  readonly destinationNumber: string;
  readonly trunkName: string;
  readonly callerIdNumber: string;
  readonly callerIdName?: string;
  readonly ringTimeoutMs: number;
  /** Start answering-machine detection (avmd) when the call is answered. */
  readonly detectMachine?: boolean;
  /** Extra channel variables (our own correlation ids, e.g. recollect_call_id). Names: [A-Za-z0-9_]. */
  readonly variables?: Readonly<Record<string, string>>;
}

export interface OriginatedCall {
  readonly fsUuid: string;
  readonly nodeName: string;
  /** The listener's subscription; the caller owns it and disposes it. */
  readonly subscription: Disposable;
}

export type PlayMedia =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'tone'; readonly toneSpec: string }
  | { readonly kind: 'tts'; readonly text: string; readonly voice: string; readonly lang?: string };

export interface SpeechListenOptions {
  readonly engine: string;
  readonly grammar: string;
}

export interface TransferTarget {
  readonly extension: string;
  readonly dialplan?: string;
  readonly context?: string;
}

export interface ChannelInfo {
  readonly fsUuid: string;
  readonly nodeName: string;
  readonly callState: string;
  readonly destinationNumber: string;
}

export interface MediaControl {
  /**
   * Starts an outbound leg. `listener` is subscribed before the command is sent, so no event is missed.
   * Resolves once FreeSWITCH accepted the job; the outcome arrives as events (`call.answered`,
   * `originate.failed`, `call.hangup`).
   */
  originate(request: OriginateRequest, listener: CallEventListener): Promise<OriginatedCall>;
  /** Listens to an existing leg (e.g. one created by a transfer). */
  subscribe(fsUuid: string, listener: CallEventListener): Disposable;
  play(fsUuid: string, media: PlayMedia): Promise<void>;
  /** Interrupts whatever is playing (barge-in). */
  stopPlayback(fsUuid: string): Promise<void>;
  startSpeechDetection(fsUuid: string, options: SpeechListenOptions): Promise<void>;
  stopSpeechDetection(fsUuid: string): Promise<void>;
  startRecording(fsUuid: string, path: string): Promise<void>;
  stopRecording(fsUuid: string, path: string): Promise<void>;
  /** Bridges two legs; the first keeps living (parks) when the second hangs up. */
  bridge(fsUuid: string, otherFsUuid: string): Promise<void>;
  transfer(fsUuid: string, target: TransferTarget): Promise<void>;
  hangup(fsUuid: string, cause?: FsHangupCause): Promise<void>;
  listChannels(): Promise<readonly ChannelInfo[]>;
  close(): Promise<void>;
}

/** Base of every MediaControl error: classify by `code`, never by message. */
export class MediaControlError extends Error {
  constructor(
    message: string,
    readonly code:
      | 'ESL_COMMAND_TIMEOUT'
      | 'ESL_NOT_CONNECTED'
      | 'ESL_AUTH_FAILED'
      | 'ESL_COMMAND_FAILED'
      | 'TRUNK_UNKNOWN'
      | 'TRUNK_LINES_EXHAUSTED'
      | 'TRUNK_CPS_EXCEEDED'
      | 'MEDIA_INPUT_INVALID'
      | 'CALL_UNKNOWN'
      | 'NO_NODE_AVAILABLE',
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'MediaControlError';
  }
}
