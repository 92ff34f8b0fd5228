/**
 * A MediaControl wrapper that measures event-to-command latency: the time from an ESL event being delivered
 * to the call's listener until the controller hands the resulting command for that call to the ESL adapter
 * (which writes it to the socket synchronously, so this is "until written" minus a few microseconds).
 *
 * Only events that cause a command are timed: call.answered (→ the greeting), playback.finished (→ listen or
 * next prompt or hangup), a recognised utterance (→ the reply), a DTMF digit (→ the reply once the answer is
 * complete), machine.beep (→ voicemail), speech.started (→ barge-in: stop the prompt). The pending event is cleared by the first command that follows it,
 * and dropped at hangup. A command with no pending event (timer-driven, e.g. a no-input reprompt) is not a
 * sample.
 */
import type {
  CallEvent,
  CallEventListener,
  ChannelInfo,
  Disposable,
  FsHangupCause,
  MediaControl,
  OriginateRequest,
  OriginatedCall,
  PlayMedia,
  SpeechListenOptions,
  TransferTarget,
} from '../../ports/media-control.ts';

interface CallRecord {
  pending: { readonly type: CallEvent['type']; readonly atMs: number } | undefined;
}

export interface LatencySample {
  readonly eventType: CallEvent['type'];
  readonly command: string;
  readonly latencyMs: number;
}

function causesCommand(event: CallEvent): boolean {
  switch (event.type) {
    case 'call.answered':
    case 'playback.finished':
    case 'speech.started': // barge-in: stops the prompt that is playing
    case 'dtmf.received':
    case 'machine.beep':
      return true;
    case 'speech.recognized':
      // No-input results are left to the conversation's own timer (see call-runner.ts): no command follows.
      return event.error === undefined && event.text.trim() !== '';
    default:
      return false;
  }
}

export class InstrumentedMediaControl implements MediaControl {
  readonly samples: LatencySample[] = [];
  /** Originate commands the switch accepted (wall-clock ms, performance.now()). */
  readonly originatedAtMs: number[] = [];
  originateRejections = 0;
  private sampling = true;
  private readonly calls = new Map<string, CallRecord>();

  constructor(private readonly inner: MediaControl) {}

  private wrap(record: CallRecord, listener: CallEventListener, fsUuid: () => string | undefined): CallEventListener {
    return (event) => {
      if (causesCommand(event)) record.pending = { type: event.type, atMs: performance.now() };
      if (event.type === 'call.hangup') {
        record.pending = undefined;
        const key = fsUuid();
        if (key) this.calls.delete(key);
      }
      listener(event);
    };
  }

  /**
   * Ends the measurement: the bench's own hang-ups at the end of the run follow no event and must not be
   * paired with whatever event the call saw last.
   */
  stopSampling(): void {
    this.sampling = false;
  }

  private commandFor(fsUuid: string, command: string): void {
    const record = this.calls.get(fsUuid);
    const pending = record?.pending;
    if (!record || !pending || !this.sampling) return;
    record.pending = undefined;
    this.samples.push({ eventType: pending.type, command, latencyMs: performance.now() - pending.atMs });
  }

  async originate(request: OriginateRequest, listener: CallEventListener): Promise<OriginatedCall> {
    const record: CallRecord = { pending: undefined };
    let known: string | undefined;
    try {
      const call = await this.inner.originate(request, this.wrap(record, listener, () => known));
      known = call.fsUuid;
      this.calls.set(call.fsUuid, record);
      this.originatedAtMs.push(performance.now());
      return {
        ...call,
        subscription: {
          dispose: () => {
            this.calls.delete(call.fsUuid);
            call.subscription.dispose();
          },
        },
      };
    } catch (err) {
      this.originateRejections++;
      throw err;
    }
  }

  subscribe(fsUuid: string, listener: CallEventListener): Disposable {
    const record: CallRecord = { pending: undefined };
    this.calls.set(fsUuid, record);
    return this.inner.subscribe(fsUuid, this.wrap(record, listener, () => fsUuid));
  }

  play(fsUuid: string, media: PlayMedia): Promise<void> {
    this.commandFor(fsUuid, 'play');
    return this.inner.play(fsUuid, media);
  }

  stopPlayback(fsUuid: string): Promise<void> {
    this.commandFor(fsUuid, 'stopPlayback');
    return this.inner.stopPlayback(fsUuid);
  }

  startSpeechDetection(fsUuid: string, options: SpeechListenOptions): Promise<void> {
    this.commandFor(fsUuid, 'startSpeechDetection');
    return this.inner.startSpeechDetection(fsUuid, options);
  }

  stopSpeechDetection(fsUuid: string): Promise<void> {
    this.commandFor(fsUuid, 'stopSpeechDetection');
    return this.inner.stopSpeechDetection(fsUuid);
  }

  startRecording(fsUuid: string, path: string): Promise<void> {
    this.commandFor(fsUuid, 'startRecording');
    return this.inner.startRecording(fsUuid, path);
  }

  stopRecording(fsUuid: string, path: string): Promise<void> {
    this.commandFor(fsUuid, 'stopRecording');
    return this.inner.stopRecording(fsUuid, path);
  }

  bridge(fsUuid: string, otherFsUuid: string): Promise<void> {
    this.commandFor(fsUuid, 'bridge');
    return this.inner.bridge(fsUuid, otherFsUuid);
  }

  transfer(fsUuid: string, target: TransferTarget): Promise<void> {
    this.commandFor(fsUuid, 'transfer');
    return this.inner.transfer(fsUuid, target);
  }

  hangup(fsUuid: string, cause?: FsHangupCause): Promise<void> {
    this.commandFor(fsUuid, 'hangup');
    return this.inner.hangup(fsUuid, cause);
  }

  listChannels(): Promise<readonly ChannelInfo[]> {
    return this.inner.listChannels();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
