/**
 * EslMediaControl over real TCP through modesl, against a scripted server that replays real FreeSWITCH
 * 1.10.12 captures (test/fixtures/esl-captured). What the adapter sends is checked against what the capture's
 * client sent; what it reports is checked against what the capture shows happened.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../../src/adapters/clock/clocks.ts';
import { EslMediaControl } from '../../../src/adapters/esl/esl-media-control.ts';
import type { OriginateRequest } from '../../../src/ports/media-control.ts';
import { callRecorder } from './helpers/call-recorder.ts';
import { replayCapture } from './helpers/capture-replay.ts';
import { startFakeEsl, type FakeEslServer } from './helpers/fake-esl-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(capture: string, skip: readonly string[] = []) {
  const replay = replayCapture(capture, skip);
  const server = await startFakeEsl(replay.script);
  const media = new EslMediaControl({
    nodes: [{ name: 'fs1', host: '127.0.0.1', port: server.port }],
    password: 'ClueCon',
    commandTimeoutMs: 5000,
    reconnectMaxMs: 200,
    reconnectBaseMs: 10,
    trunks: [{ name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines: 10, cps: 10 }],
    clock: realClock,
  });
  cleanups.push(
    () => server.close(),
    () => media.close(),
  );
  await media.start();
  return { server, media, replay };
}

const request: OriginateRequest = {
  destinationNumber: '15550002222',
  trunkName: 'lab',
  callerIdNumber: '15550001111',
  callerIdName: 'Recollect',
  ringTimeoutMs: 20_000,
};

function sent(server: FakeEslServer, verb: string): string[] {
  return server.commands.map((c) => c.line).filter((l) => l.startsWith(verb));
}

describe('EslMediaControl replaying real captures', () => {
  it('answered call: record, tone, TTS, hang up; the line is freed and nothing stays subscribed', async () => {
    const { server, media, replay } = await setup('answered-json');
    const call = callRecorder();
    const { fsUuid, subscription } = await media.originate(request, call.listener);
    await call.waitFor('call.answered');
    expect(media.linesInUse('lab')).toBe(1);

    const originate = sent(server, 'bgapi originate')[0]!;
    expect(originate).toBe(
      `bgapi originate {origination_uuid=${fsUuid},originate_timeout=20,origination_caller_id_number=15550001111,origination_caller_id_name=Recollect}sofia/gateway/lab/15550002222 &park()`,
    );
    expect(server.commands.find((c) => c.line.startsWith('bgapi'))?.headers['Job-UUID']).toMatch(
      /^[0-9a-f-]{36}$/,
    );

    const path = `/var/lib/freeswitch/recordings/${fsUuid}.wav`;
    await media.startRecording(fsUuid, path);
    expect(await call.waitFor('record.started')).toEqual({ type: 'record.started', path });
    await media.play(fsUuid, { kind: 'tone', toneSpec: '%(500,500,440);loops=3' });
    await call.waitFor('playback.finished');
    await media.play(fsUuid, {
      kind: 'tts',
      text: 'This is a lab test of the outbound dialer.',
      voice: 'kal',
    });
    expect(await call.waitFor('playback.finished', 2)).toEqual({ type: 'playback.finished', kind: 'tts' });
    expect(sent(server, 'api uuid_broadcast')[1]).toBe(
      `api uuid_broadcast ${fsUuid} 'speak::flite|kal|This is a lab test of the outbound dialer.' aleg`,
    );
    await media.stopRecording(fsUuid, path);
    await call.waitFor('record.stopped');
    await media.hangup(fsUuid);
    const hangup = await call.waitFor('call.hangup');

    expect(hangup).toMatchObject({ cause: 'NORMAL_CLEARING', q850: 16, byRemote: false, answered: true });
    expect(call.types()).toEqual([
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
    expect(replay.remaining()).toBe(0);
    expect(media.linesInUse('lab')).toBe(0);
    expect(media.liveLegCount()).toBe(0);
    subscription.dispose();
    subscription.dispose(); // idempotent
  });

  it('busy: the hangup (USER_BUSY, SIP 486) comes before the job result; exactly one call.hangup', async () => {
    const { media } = await setup('busy-json');
    const call = callRecorder();
    const { fsUuid } = await media.originate(request, call.listener);
    expect(await call.waitFor('call.hangup')).toMatchObject({
      cause: 'USER_BUSY',
      sipStatus: 486,
      byRemote: true,
      answered: false,
    });
    // A later reply on the same socket proves the job result (sent after the hangup) has been processed;
    // hanging up a leg that is gone (`-ERR No such channel!`) also succeeds.
    await media.hangup(fsUuid);
    expect(call.types()).toEqual(['call.hangup']);
    expect(media.linesInUse('lab')).toBe(0);
  });

  it('no answer: originate_timeout is whole seconds rounded up; originate.failed then call.hangup NO_ANSWER', async () => {
    const { media, server } = await setup('noanswer-json');
    const call = callRecorder();
    await media.originate({ ...request, ringTimeoutMs: 7_200 }, call.listener);
    await call.waitFor('call.hangup');
    expect(sent(server, 'bgapi originate')[0]).toContain(',originate_timeout=8,');
    expect(call.types()).toEqual(['call.ringing', 'originate.failed', 'call.hangup']);
    expect(call.events[1]).toEqual({ type: 'originate.failed', cause: 'NO_ANSWER', rawCause: 'NO_ANSWER' });
  });

  it('unreachable: NORMAL_TEMPORARY_FAILURE at once', async () => {
    const { media } = await setup('unreachable-plain');
    const call = callRecorder();
    await media.originate(request, call.listener);
    expect(await call.waitFor('call.hangup')).toMatchObject({
      cause: 'NORMAL_TEMPORARY_FAILURE',
      q850: 41,
      answered: false,
    });
    expect(call.types()).toEqual(['originate.failed', 'call.hangup']);
  });

  it('callee hangs up: byRemote is true (recv_bye)', async () => {
    const { media } = await setup('callee-hangup-plain');
    const call = callRecorder();
    await media.originate(request, call.listener);
    expect(await call.waitFor('call.hangup')).toMatchObject({
      cause: 'NORMAL_CLEARING',
      byRemote: true,
      sipStatus: 200,
      answered: true,
    });
  });

  it('DTMF: 1, 2, # with their duration, then we hang up', async () => {
    const { media } = await setup('dtmf-plain');
    const call = callRecorder();
    const { fsUuid } = await media.originate(request, call.listener);
    await call.waitFor('dtmf.received', 3);
    await media.hangup(fsUuid);
    await call.waitFor('call.hangup');
    expect(call.events.filter((e) => e.type === 'dtmf.received')).toEqual([
      { type: 'dtmf.received', digit: '1', durationMs: 280 },
      { type: 'dtmf.received', digit: '2', durationMs: 280 },
      { type: 'dtmf.received', digit: '#', durationMs: 280 },
    ]);
  });

  it('speech: detect_speech is started with sendmsg, the result arrives, stop closes it', async () => {
    const { media, server } = await setup('detect-speech-plain', ['api uuid_getvar']);
    const call = callRecorder();
    const { fsUuid } = await media.originate(request, call.listener);
    await media.startSpeechDetection(fsUuid, { engine: 'test', grammar: 'default' });
    const sendmsg = server.commands.find((c) => c.line === `sendmsg ${fsUuid}`);
    expect(sendmsg?.headers).toMatchObject({
      'call-command': 'execute',
      'execute-app-name': 'detect_speech',
      'execute-app-arg': 'test default default',
    });
    expect(await call.waitFor('speech.recognized')).toMatchObject({ text: 'agent', confidence: 87.3 });
    await media.stopSpeechDetection(fsUuid);
    await call.waitFor('speech.stopped');
    await media.hangup(fsUuid);
    await call.waitFor('call.hangup');
    expect(call.types().slice(-4)).toEqual([
      'speech.started',
      'speech.recognized',
      'speech.stopped',
      'call.hangup',
    ]);
  });

  it('answering machine: avmd is started on answer and the doubled beep is reported once', async () => {
    const { media, server } = await setup('avmd-plain');
    const call = callRecorder();
    const { fsUuid } = await media.originate({ ...request, detectMachine: true }, call.listener);
    expect(sent(server, 'bgapi originate')[0]).toContain(',execute_on_answer=avmd_start}');
    await call.waitFor('machine.beep');
    await media.hangup(fsUuid);
    await call.waitFor('call.hangup');
    expect(call.types().filter((t) => t === 'machine.beep')).toHaveLength(1);
  });

  it('bridge to an agent: whisper to the agent, bridge, agent hangs up, customer survives (park_after_bridge)', async () => {
    const { media, server } = await setup('bridge-park-after-plain', ['api uuid_exists']);
    const customer = callRecorder();
    const agent = callRecorder();
    // As in the capture, both legs are started before either answers.
    const c = await media.originate(request, customer.listener);
    const a = await media.originate({ ...request, destinationNumber: '15550003333' }, agent.listener);
    await customer.waitFor('call.answered');
    await agent.waitFor('call.answered');
    await media.play(a.fsUuid, { kind: 'tone', toneSpec: 'tone_stream://%(200,100,800);loops=2' });
    await agent.waitFor('playback.finished');
    await media.bridge(c.fsUuid, a.fsUuid);
    expect(sent(server, 'api uuid_setvar')).toEqual([`api uuid_setvar ${c.fsUuid} park_after_bridge true`]);
    expect(await customer.waitFor('call.bridged')).toEqual({ type: 'call.bridged', otherFsUuid: a.fsUuid });
    await media.hangup(a.fsUuid);
    await agent.waitFor('call.hangup');
    expect(await customer.waitFor('call.unbridged')).toEqual({
      type: 'call.unbridged',
      otherFsUuid: a.fsUuid,
    });
    expect(customer.types()).not.toContain('call.hangup');
    await media.hangup(c.fsUuid);
    await customer.waitFor('call.hangup');
    expect(media.liveLegCount()).toBe(0);
  });

  it('hold and record: the recording is stopped by the callee hangup, before call.hangup', async () => {
    const { media } = await setup('hold-record-plain', ['api uuid_hold']);
    const call = callRecorder();
    const { fsUuid } = await media.originate(request, call.listener);
    await call.waitFor('call.answered');
    await media.startRecording(fsUuid, `/var/lib/freeswitch/recordings/${fsUuid}.wav`);
    await call.waitFor('call.hangup');
    expect(call.types().slice(-3)).toEqual(['record.started', 'record.stopped', 'call.hangup']);
  });
});
