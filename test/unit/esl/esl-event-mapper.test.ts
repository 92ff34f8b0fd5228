import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEslStream, parseEvent, type EslEvent } from '../../../src/adapters/esl/esl-frames.ts';
import {
  causeOfJobFailure,
  mapEslEvent,
  parseSpeechResult,
  type EslSignal,
} from '../../../src/adapters/esl/esl-event-mapper.ts';
import type { CallEvent } from '../../../src/ports/media-control.ts';

const dir = join(import.meta.dirname, '../../fixtures/esl-captured');

function eventsOf(capture: string): EslEvent[] {
  return parseEslStream(readFileSync(join(dir, `${capture}.rx.raw`)))
    .filter((m) => m.contentType.startsWith('text/event-'))
    .map(parseEvent);
}

function signalsOf(capture: string): EslSignal[] {
  return eventsOf(capture).flatMap(mapEslEvent);
}

/** Call events for one leg, with the router's dedupe rule applied (same dedupeKey delivered once). */
function callEvents(capture: string, fsUuid: string): CallEvent[] {
  const seen = new Set<string>();
  const out: CallEvent[] = [];
  for (const s of signalsOf(capture)) {
    if (s.kind !== 'call' || s.fsUuid !== fsUuid) continue;
    if (s.dedupeKey !== undefined) {
      if (seen.has(s.dedupeKey)) continue;
      seen.add(s.dedupeKey);
    }
    out.push(s.event);
  }
  return out;
}

const types = (events: CallEvent[]): string[] => events.map((e) => e.type);
const hangupOf = (events: CallEvent[]) => events.find((e) => e.type === 'call.hangup');

describe('ESL event mapper on real FreeSWITCH captures', () => {
  for (const format of ['plain', 'json'] as const) {
    const uuid =
      format === 'plain' ? '84e03e1e-162f-4d9a-8431-a2940d19cdaa' : 'c744cd40-1f19-446a-a2f6-6c2c02265ef7';
    it(`answered call (${format}): ringing, answered, record, tone and TTS playback, local hangup`, () => {
      const events = callEvents(`answered-${format}`, uuid);
      expect(types(events)).toEqual([
        'call.ringing',
        'call.answered',
        'record.started',
        'playback.started',
        'playback.finished',
        'playback.started',
        'playback.finished',
        'record.stopped',
        'call.hangup',
      ]);
      expect(events.filter((e) => e.type === 'playback.finished').map((e) => 'kind' in e && e.kind)).toEqual([
        'tone',
        'tts',
      ]);
      expect(events.find((e) => e.type === 'record.stopped')).toMatchObject({
        path: `/var/lib/freeswitch/recordings/${uuid}.wav`,
      });
      expect(hangupOf(events)).toMatchObject({
        cause: 'NORMAL_CLEARING',
        q850: 16,
        byRemote: false,
        answered: true,
      });
    });
  }

  it('busy (plain and json): USER_BUSY with SIP 486, never answered; job fails with the same cause', () => {
    for (const [capture, uuid] of [
      ['busy-plain', 'ca104745-78a6-4ddb-b07a-3f3bf4985e50'],
      ['busy-json', '24afd0a9-1915-4834-ae75-2dbbd5cbb0d6'],
    ] as const) {
      const events = callEvents(capture, uuid);
      expect(types(events)).toEqual(['call.hangup']);
      expect(hangupOf(events)).toMatchObject({
        cause: 'USER_BUSY',
        q850: 17,
        sipStatus: 486,
        byRemote: true,
        answered: false,
      });
      const job = signalsOf(capture).find((s) => s.kind === 'job');
      expect(job).toMatchObject({ ok: false, result: '-ERR USER_BUSY' });
      expect(causeOfJobFailure(job?.kind === 'job' ? job.result : '').cause).toBe('USER_BUSY');
    }
  });

  it('no answer: rings, then NO_ANSWER sent by us (CANCEL); the job result comes before the hangup event', () => {
    for (const [capture, uuid] of [
      ['noanswer-plain', '7b576870-aee1-4621-9188-1ad528eb6750'],
      ['noanswer-json', '9052e566-3371-4ee0-8894-aabbe7827a36'],
    ] as const) {
      expect(types(callEvents(capture, uuid))).toEqual(['call.ringing', 'call.hangup']);
      expect(hangupOf(callEvents(capture, uuid))).toMatchObject({
        cause: 'NO_ANSWER',
        q850: 19,
        byRemote: false,
        answered: false,
      });
      const order = signalsOf(capture).map((s) => (s.kind === 'call' ? s.event.type : s.kind));
      expect(order.indexOf('job')).toBeLessThan(order.indexOf('call.hangup'));
    }
  });

  it('unreachable: NORMAL_TEMPORARY_FAILURE (q850 41, SIP 503) without ringing', () => {
    const events = callEvents('unreachable-plain', '4cd789ed-8c69-4824-94c2-a0ff4235c783');
    expect(types(events)).toEqual(['call.hangup']);
    expect(hangupOf(events)).toMatchObject({
      cause: 'NORMAL_TEMPORARY_FAILURE',
      q850: 41,
      sipStatus: 503,
      answered: false,
    });
  });

  it('callee hangs up: byRemote true from recv_bye (a uuid_kill gives send_bye)', () => {
    const events = callEvents('callee-hangup-plain', '50face05-2cab-4e9c-b67e-212f692d4729');
    expect(types(events)).toEqual(['call.ringing', 'call.answered', 'call.hangup']);
    expect(hangupOf(events)).toMatchObject({
      cause: 'NORMAL_CLEARING',
      sipStatus: 200,
      byRemote: true,
      answered: true,
    });
  });

  it('DTMF: digits 1, 2, # (sent as %23 in plain) with 2240 samples at 8 kHz = 280 ms', () => {
    const dtmf = callEvents('dtmf-plain', '5032dcdc-06c3-4659-828d-47a43355621b').filter(
      (e) => e.type === 'dtmf.received',
    );
    expect(dtmf).toEqual([
      { type: 'dtmf.received', digit: '1', durationMs: 280 },
      { type: 'dtmf.received', digit: '2', durationMs: 280 },
      { type: 'dtmf.received', digit: '#', durationMs: 280 },
    ]);
  });

  it('sendmsg execute: playback of a tone and speak both give started/finished', () => {
    const events = callEvents('sendmsg-execute-plain', 'a4608792-575a-43c3-971b-bc09884d2685');
    expect(types(events).filter((t) => t.startsWith('playback'))).toEqual([
      'playback.started',
      'playback.finished',
      'playback.started',
      'playback.finished',
    ]);
    expect(events.filter((e) => e.type === 'playback.finished').map((e) => 'kind' in e && e.kind)).toEqual([
      'tone',
      'tts',
    ]);
  });

  it('bridge: one CHANNEL_BRIDGE tells both legs; the agent leg ends first and the customer is unbridged', () => {
    const customer = 'efc14ed2-ec52-4925-b94d-53cbf2302ab7';
    const agent = 'eb6a20ef-56dd-4349-b144-208e575fbd25';
    const c = callEvents('bridge-plain', customer);
    const a = callEvents('bridge-plain', agent);
    expect(c.find((e) => e.type === 'call.bridged')).toEqual({ type: 'call.bridged', otherFsUuid: agent });
    expect(a.find((e) => e.type === 'call.bridged')).toEqual({ type: 'call.bridged', otherFsUuid: customer });
    expect(types(c).slice(-3)).toEqual(['call.bridged', 'call.unbridged', 'call.hangup']);
    expect(types(a)).toContain('playback.finished'); // the whisper went to the agent only
    expect(types(c)).not.toContain('playback.finished');
  });

  it('detect_speech: begin-speaking, the result body, then closed after stop', () => {
    const events = callEvents('detect-speech-plain', '0df13dea-dcb9-4d0c-9c16-29f45355b630');
    expect(types(events)).toEqual([
      'call.answered',
      'speech.started',
      'speech.recognized',
      'speech.stopped',
      'call.hangup',
    ]);
    expect(events.find((e) => e.type === 'speech.recognized')).toMatchObject({
      text: 'agent',
      confidence: 87.3,
      error: undefined,
    });
  });

  it('play_and_detect_speech: the result comes from the variable on EXECUTE_COMPLETE (no DETECTED_SPEECH)', () => {
    const events = callEvents('play-and-detect-plain', '1d219f17-70e3-4c8b-b337-299ed8dc0fea');
    expect(types(events)).toEqual([
      'call.answered',
      'playback.started',
      'playback.finished',
      'speech.recognized',
      'call.hangup',
    ]);
    expect(events.filter((e) => e.type === 'speech.recognized')).toHaveLength(1); // not again from park's EXECUTE_COMPLETE
  });

  it('avmd: the beep, delivered twice with one Event-Sequence, becomes one machine.beep', () => {
    const raw = signalsOf('avmd-plain').filter((s) => s.kind === 'call' && s.event.type === 'machine.beep');
    expect(raw).toHaveLength(2);
    const events = callEvents('avmd-plain', '69c7a90b-6fd4-480f-a105-1a9929304021');
    expect(types(events)).toEqual([
      'call.answered',
      'machine.detection.started',
      'machine.beep',
      'call.hangup',
    ]);
    const beep = events.find((e) => e.type === 'machine.beep');
    expect(beep?.type === 'machine.beep' && Math.round(beep.frequencyHz ?? 0)).toBe(1000);
  });

  it('avmd started by API: no beep ever reported (1.10.12 quirk)', () => {
    expect(types(callEvents('avmd_api-plain', '7c1dbf93-6ab9-4693-b48f-ecce6b881cdf'))).not.toContain(
      'machine.beep',
    );
  });

  it('hold and record: a recording still running at hangup is stopped by the hangup, before call.hangup', () => {
    const events = callEvents('hold-record-plain', '189e03bf-ab57-494f-a29b-a43ab3e25cf0');
    expect(types(events)).toEqual([
      'call.ringing',
      'call.answered',
      'record.started',
      'record.stopped',
      'call.hangup',
    ]);
    expect(events.find((e) => e.type === 'record.stopped')).toMatchObject({ recordedMs: 1340 });
  });

  it('events that concern no call (API, HEARTBEAT, replies) give no signals', () => {
    expect(signalsOf('api-none')).toEqual([]);
  });
});

describe('speech result parsing', () => {
  it('reads mod_test JSON, including the no-input form', () => {
    expect(
      parseSpeechResult('{"grammar": "default", "text": "", "confidence": 0, "error": "no_input"}'),
    ).toMatchObject({
      text: '',
      confidence: 0,
      error: 'no_input',
    });
  });

  it('reads NLSML from MRCP engines and keeps the raw text', () => {
    const nlsml =
      '<result><interpretation confidence="0.91"><input mode="speech">i can pay friday</input></interpretation></result>';
    expect(parseSpeechResult(nlsml)).toEqual({
      type: 'speech.recognized',
      text: 'i can pay friday',
      confidence: 0.91,
      error: undefined,
      raw: nlsml,
    });
  });
});

describe('job failures', () => {
  it('keeps an unknown cause name instead of inventing one', () => {
    expect(causeOfJobFailure('-ERR SOMETHING_NEW')).toEqual({
      cause: 'UNRECOGNIZED',
      rawCause: 'SOMETHING_NEW',
    });
    expect(causeOfJobFailure('-ERR GATEWAY_DOWN')).toEqual({
      cause: 'GATEWAY_DOWN',
      rawCause: 'GATEWAY_DOWN',
    });
  });
});
