/**
 * The one place where raw FreeSWITCH events become typed call events. Pure: no I/O, no time, no state.
 * Input is a parsed event (esl-frames EslEvent: decoded headers in wire order + body, plain or JSON);
 * output is zero or more signals. Everything FreeSWITCH-specific (header names, `variable_*`, quirks) ends here.
 *
 * Quirks handled (see test/fixtures/esl-captured/README.md):
 * - `call.hangup` comes from CHANNEL_HANGUP_COMPLETE, not CHANNEL_HANGUP: only the former carries the final
 *   variables (`sip_hangup_disposition` is absent on CHANNEL_HANGUP in callee-hangup-plain).
 * - mod_avmd fires each event twice with the same Event-Sequence; the mapper gives both copies the same
 *   `dedupeKey` and the router drops the second.
 * - speak gives no PLAYBACK_* events; its start/end are CHANNEL_EXECUTE/_COMPLETE with Application=speak.
 * - play_and_detect_speech swallows DETECTED_SPEECH; its result is `variable_detect_speech_result` on the
 *   app's CHANNEL_EXECUTE_COMPLETE.
 * - DTMF-Duration is in samples of the channel's read rate (2240 at 8 kHz = 280 ms).
 * - CHANNEL_BRIDGE / UNBRIDGE arrive once, on the A leg; both legs are told.
 */
import {
  hangupCauseQ850,
  type CallEvent,
  type FsHangupCause,
  type HangupCauseName,
  type HangupInfo,
  type PlaybackKind,
} from '../../ports/media-control.ts';
import type { EslEvent } from './esl-frames.ts';

export type EslSignal =
  | { readonly kind: 'call'; readonly fsUuid: string; readonly event: CallEvent; readonly dedupeKey?: string }
  /** The switch created the leg (CHANNEL_OUTGOING comes before CHANNEL_CREATE, either may be first seen). */
  | { readonly kind: 'channel.seen'; readonly fsUuid: string }
  | { readonly kind: 'job'; readonly jobUuid: string; readonly ok: boolean; readonly result: string };

/** Last copy wins, as in FreeSWITCH and modesl (Hangup-Cause is sent twice on hangup events). */
export function eventHeader(event: EslEvent, name: string): string | undefined {
  for (let i = event.headers.length - 1; i >= 0; i--) {
    const entry = event.headers[i]!;
    if (entry[0] === name) return entry[1];
  }
  return undefined;
}

export function parseHangupCause(raw: string): { cause: HangupCauseName; q850: number | undefined } {
  const name = raw.trim().toUpperCase();
  if (Object.hasOwn(hangupCauseQ850, name)) {
    const cause = name as FsHangupCause;
    return { cause, q850: hangupCauseQ850[cause] };
  }
  return { cause: 'UNRECOGNIZED', q850: undefined };
}

function optionalInt(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}

export function hangupInfoOf(event: EslEvent): HangupInfo {
  const rawCause =
    eventHeader(event, 'Hangup-Cause') ?? eventHeader(event, 'variable_hangup_cause') ?? 'NONE';
  const disposition = eventHeader(event, 'variable_sip_hangup_disposition');
  const answeredTime = eventHeader(event, 'Caller-Channel-Answered-Time');
  return {
    ...parseHangupCause(rawCause),
    rawCause,
    sipStatus: optionalInt(eventHeader(event, 'variable_sip_term_status')),
    byRemote: disposition?.startsWith('recv_') ? true : disposition?.startsWith('send_') ? false : undefined,
    answered: answeredTime !== undefined && answeredTime !== '0',
  };
}

function playbackKind(path: string): PlaybackKind {
  return path.startsWith('tone_stream://') ? 'tone' : 'file';
}

/**
 * Speech results are engine-specific: mod_test gives JSON `{"text", "confidence"}`, unimrcp NLSML. Parse what
 * we know, keep the raw text always.
 */
export function parseSpeechResult(raw: string): Extract<CallEvent, { type: 'speech.recognized' }> {
  const base = { type: 'speech.recognized' as const, raw };
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null) {
      const obj = parsed as Record<string, unknown>;
      const confidence = Number(obj['confidence']);
      return {
        ...base,
        text: typeof obj['text'] === 'string' ? obj['text'] : '',
        confidence: obj['confidence'] === undefined || Number.isNaN(confidence) ? undefined : confidence,
        error: typeof obj['error'] === 'string' ? obj['error'] : undefined,
      };
    }
  } catch {
    // not JSON: try NLSML below
  }
  const input = /<input[^>]*>([^<]*)<\/input>/i.exec(raw);
  const confidence = /confidence="([\d.]+)"/i.exec(raw);
  const noInput = /<noinput\s*\/?>/i.test(raw);
  return {
    ...base,
    text: (input?.[1] ?? (raw.trimStart().startsWith('<') ? '' : raw)).trim(),
    confidence: confidence ? Number(confidence[1]) : undefined,
    error: noInput ? 'no_input' : undefined,
  };
}

function call(fsUuid: string, event: CallEvent, dedupeKey?: string): EslSignal {
  return dedupeKey === undefined
    ? { kind: 'call', fsUuid, event }
    : { kind: 'call', fsUuid, event, dedupeKey };
}

function mapBridge(event: EslEvent, bridged: boolean): EslSignal[] {
  const a = eventHeader(event, 'Bridge-A-Unique-ID') ?? eventHeader(event, 'Unique-ID');
  const b = eventHeader(event, 'Bridge-B-Unique-ID') ?? eventHeader(event, 'Other-Leg-Unique-ID');
  if (a === undefined) return [];
  if (!bridged) {
    const out = [call(a, { type: 'call.unbridged', otherFsUuid: b })];
    return b === undefined ? out : [...out, call(b, { type: 'call.unbridged', otherFsUuid: a })];
  }
  if (b === undefined) return [];
  return [
    call(a, { type: 'call.bridged', otherFsUuid: b }),
    call(b, { type: 'call.bridged', otherFsUuid: a }),
  ];
}

function mapExecute(event: EslEvent, fsUuid: string, complete: boolean): EslSignal[] {
  const application = eventHeader(event, 'Application');
  if (application === 'speak')
    return [call(fsUuid, { type: complete ? 'playback.finished' : 'playback.started', kind: 'tts' })];
  if (application === 'play_and_detect_speech' && complete) {
    const result = eventHeader(event, 'variable_detect_speech_result');
    return result === undefined || result === '' ? [] : [call(fsUuid, parseSpeechResult(result))];
  }
  return [];
}

function mapDetectedSpeech(event: EslEvent, fsUuid: string): EslSignal[] {
  switch (eventHeader(event, 'Speech-Type')) {
    case 'begin-speaking':
      return [call(fsUuid, { type: 'speech.started' })];
    case 'detected-speech':
      return [call(fsUuid, parseSpeechResult(event.body ?? ''))];
    case 'closed':
      return [call(fsUuid, { type: 'speech.stopped' })];
    default:
      return [];
  }
}

function mapCustom(event: EslEvent, fsUuid: string): EslSignal[] {
  const subclass = eventHeader(event, 'Event-Subclass');
  const key = `${subclass}#${eventHeader(event, 'Event-Sequence') ?? ''}`;
  if (subclass === 'avmd::beep') {
    const frequency = Number(eventHeader(event, 'Frequency'));
    return [
      call(
        fsUuid,
        { type: 'machine.beep', frequencyHz: Number.isFinite(frequency) ? frequency : undefined },
        key,
      ),
    ];
  }
  if (subclass === 'avmd::start') return [call(fsUuid, { type: 'machine.detection.started' }, key)];
  return [];
}

function mapDtmf(event: EslEvent, fsUuid: string): EslSignal[] {
  const digit = eventHeader(event, 'DTMF-Digit');
  if (digit === undefined || digit === '') return [];
  const samples = optionalInt(eventHeader(event, 'DTMF-Duration'));
  const rate = optionalInt(eventHeader(event, 'Channel-Read-Codec-Rate')) || 8000;
  const durationMs = samples === undefined ? undefined : Math.round((samples * 1000) / rate);
  return [call(fsUuid, { type: 'dtmf.received', digit, durationMs })];
}

function mapJob(event: EslEvent): EslSignal[] {
  const jobUuid = eventHeader(event, 'Job-UUID');
  if (jobUuid === undefined) return [];
  const result = (event.body ?? '').trim();
  return [{ kind: 'job', jobUuid, ok: result.startsWith('+OK'), result }];
}

/** Maps one ESL event; events that concern no call (HEARTBEAT, API, RE_SCHEDULE, …) give []. */
export function mapEslEvent(event: EslEvent): EslSignal[] {
  const name = eventHeader(event, 'Event-Name');
  if (name === 'BACKGROUND_JOB') return mapJob(event);
  const fsUuid = eventHeader(event, 'Unique-ID');
  if (fsUuid === undefined || fsUuid === '') return [];
  switch (name) {
    case 'CHANNEL_OUTGOING':
    case 'CHANNEL_CREATE':
      return [{ kind: 'channel.seen', fsUuid }];
    case 'CHANNEL_PROGRESS':
      return [call(fsUuid, { type: 'call.ringing', earlyMedia: false })];
    case 'CHANNEL_PROGRESS_MEDIA':
      return [call(fsUuid, { type: 'call.ringing', earlyMedia: true })];
    case 'CHANNEL_ANSWER':
      return [call(fsUuid, { type: 'call.answered' })];
    case 'CHANNEL_HANGUP_COMPLETE':
      return [call(fsUuid, { type: 'call.hangup', ...hangupInfoOf(event) })];
    case 'CHANNEL_BRIDGE':
      return mapBridge(event, true);
    case 'CHANNEL_UNBRIDGE':
      return mapBridge(event, false);
    case 'PLAYBACK_START':
    case 'PLAYBACK_STOP': {
      const kind = playbackKind(eventHeader(event, 'Playback-File-Path') ?? '');
      return [
        call(fsUuid, { type: name === 'PLAYBACK_START' ? 'playback.started' : 'playback.finished', kind }),
      ];
    }
    case 'CHANNEL_EXECUTE':
      return mapExecute(event, fsUuid, false);
    case 'CHANNEL_EXECUTE_COMPLETE':
      return mapExecute(event, fsUuid, true);
    case 'DETECTED_SPEECH':
      return mapDetectedSpeech(event, fsUuid);
    case 'DTMF':
      return mapDtmf(event, fsUuid);
    case 'CUSTOM':
      return mapCustom(event, fsUuid);
    case 'RECORD_START':
      return [call(fsUuid, { type: 'record.started', path: eventHeader(event, 'Record-File-Path') ?? '' })];
    case 'RECORD_STOP':
      return [
        call(fsUuid, {
          type: 'record.stopped',
          path: eventHeader(event, 'Record-File-Path') ?? '',
          recordedMs: optionalInt(eventHeader(event, 'variable_record_ms')),
        }),
      ];
    default:
      return [];
  }
}

/** Job results look like `-ERR USER_BUSY`; the cause name is the first word after -ERR. */
export function causeOfJobFailure(result: string): { cause: HangupCauseName; rawCause: string } {
  const rawCause = result.replace(/^-ERR\s*/, '').split(/\s+/)[0] ?? '';
  return { cause: rawCause === '' ? 'UNRECOGNIZED' : parseHangupCause(rawCause).cause, rawCause };
}
