/**
 * EslMediaControl against the lab (src/lab, the FreeSWITCH stand-in) over TCP, one test per call outcome a
 * dialer meets. The lab runs on a 5× clock so that ring and answer delays pass quickly; nothing here asserts
 * on time, only on the events the adapter reports and the commands it sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { realClock, scaledClock } from '../../../src/adapters/clock/clocks.ts';
import { EslConnection } from '../../../src/adapters/esl/esl-connection.ts';
import { EslMediaControl } from '../../../src/adapters/esl/esl-media-control.ts';
import { parsePopulation, startLab, type Lab } from '../../../src/lab/index.ts';
import type { Clock, TimerHandle } from '../../../src/ports/clock.ts';
import type { OriginateRequest } from '../../../src/ports/media-control.ts';
import { callRecorder } from './helpers/call-recorder.ts';

const population = parsePopulation(`
seed: 7
targets:
  - { number: "15550000001", outcome: answer, answerAfterMs: 200 }
  - { number: "15550000002", outcome: busy }
  - { number: "15550000003", outcome: noanswer }
  - { number: "15550000004", outcome: unreachable }
  - { number: "15550000005", outcome: answer, answerAfterMs: 200, hangupAfterMs: 1500 }
  - { number: "15550000006", outcome: answer, answerAfterMs: 200, turns: [ { dtmf: "12#" } ] }
  - { number: "15550000007", outcome: answer, answerAfterMs: 200, turns: [ { say: "I can pay on Friday", afterMs: 200 } ] }
  - { number: "15550000008", outcome: answer, answerAfterMs: 200, answeredBy: machine, beepAfterMs: 1500 }
  # Bridge legs take their event shapes from the captured bridge (customer o0, agent o1).
  - { number: "15550000010", outcome: answer, answerAfterMs: 200, template: "bridge-park-after-plain:o0" }
  - { number: "15550000009", outcome: answer, answerAfterMs: 200, template: "bridge-park-after-plain:o1" }
`);

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(adapterClock: Clock = realClock) {
  const lab = await startLab({ eslPort: 0, population, clock: scaledClock(5) });
  const media = new EslMediaControl({
    nodes: [{ name: 'lab', host: '127.0.0.1', port: lab.eslPort }],
    password: 'ClueCon',
    commandTimeoutMs: 10_000,
    reconnectMaxMs: 200,
    reconnectBaseMs: 10,
    trunks: [{ name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines: 20, cps: 50 }],
    clock: adapterClock,
  });
  cleanups.push(
    () => lab.close(),
    () => media.close(),
  );
  await media.start();
  return { lab, media };
}

const call = (number: string, extra: Partial<OriginateRequest> = {}): OriginateRequest => ({
  destinationNumber: number,
  trunkName: 'lab',
  callerIdNumber: '15550001111',
  callerIdName: 'Recollect',
  ringTimeoutMs: 20_000,
  ...extra,
});

describe('EslMediaControl against the lab', () => {
  it('answered: ringing, answered; we hang up with a cause and the leg is released', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    const { fsUuid, subscription } = await media.originate(call('15550000001'), rec.listener);
    await rec.waitFor('call.answered');
    await media.hangup(fsUuid, 'MANAGER_REQUEST');
    expect(await rec.waitFor('call.hangup')).toMatchObject({
      cause: 'MANAGER_REQUEST',
      byRemote: false,
      answered: true,
    });
    expect(rec.types()[0]).toBe('call.ringing');
    subscription.dispose();
    expect(media.liveLegCount()).toBe(0);
    expect(media.linesInUse('lab')).toBe(0);
  });

  it('busy', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    await media.originate(call('15550000002'), rec.listener);
    expect(await rec.waitFor('call.hangup')).toMatchObject({ cause: 'USER_BUSY', q850: 17, answered: false });
  });

  it('no answer: the ring timeout ends it with NO_ANSWER', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    await media.originate(call('15550000003', { ringTimeoutMs: 2_000 }), rec.listener);
    expect(await rec.waitFor('call.hangup')).toMatchObject({ cause: 'NO_ANSWER', answered: false });
    expect(rec.types()).toContain('originate.failed');
  });

  it('unreachable', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    await media.originate(call('15550000004'), rec.listener);
    expect(await rec.waitFor('call.hangup')).toMatchObject({
      cause: 'NORMAL_TEMPORARY_FAILURE',
      answered: false,
    });
  });

  it('the callee hangs up: byRemote', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    await media.originate(call('15550000005'), rec.listener);
    expect(await rec.waitFor('call.hangup')).toMatchObject({
      cause: 'NORMAL_CLEARING',
      byRemote: true,
      answered: true,
    });
  });

  it('DTMF keyed by the callee', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    const { fsUuid } = await media.originate(call('15550000006'), rec.listener);
    await rec.waitFor('dtmf.received', 3);
    expect(
      rec.events.filter((e) => e.type === 'dtmf.received').map((e) => ('digit' in e ? e.digit : '')),
    ).toEqual(['1', '2', '#']);
    await media.hangup(fsUuid);
    await rec.waitFor('call.hangup');
  });

  it('playback of a tone, a file and TTS, then speech recognition of what the callee says', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    const { fsUuid } = await media.originate(call('15550000007'), rec.listener);
    await rec.waitFor('call.answered');
    await media.play(fsUuid, { kind: 'tone', toneSpec: '%(200,100,440);loops=1' });
    await rec.waitFor('playback.finished', 1);
    await media.play(fsUuid, {
      kind: 'file',
      path: '/usr/share/freeswitch/sounds/en/us/callie/ivr/8000/ivr-welcome.wav',
    });
    await rec.waitFor('playback.finished', 2);
    await media.play(fsUuid, { kind: 'tts', text: "Hello, it's Recollect calling.", voice: 'kal' });
    expect(await rec.waitFor('playback.finished', 3)).toEqual({ type: 'playback.finished', kind: 'tts' });
    await media.startSpeechDetection(fsUuid, { engine: 'test', grammar: 'default' });
    await rec.waitFor('speech.started');
    expect(await rec.waitFor('speech.recognized')).toMatchObject({ text: 'I can pay on Friday' });
    await media.stopSpeechDetection(fsUuid);
    await media.hangup(fsUuid);
    await rec.waitFor('call.hangup');
  });

  it('recording start and stop report the path', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    const { fsUuid } = await media.originate(call('15550000001'), rec.listener);
    await rec.waitFor('call.answered');
    const path = `/var/lib/freeswitch/recordings/${fsUuid}.wav`;
    await media.startRecording(fsUuid, path);
    expect(await rec.waitFor('record.started')).toEqual({ type: 'record.started', path });
    await media.stopRecording(fsUuid, path);
    expect(await rec.waitFor('record.stopped')).toMatchObject({ path });
    await media.hangup(fsUuid);
    await rec.waitFor('call.hangup');
  });

  it('answering machine: one beep reported', async () => {
    const { media } = await setup();
    const rec = callRecorder();
    const { fsUuid } = await media.originate(call('15550000008', { detectMachine: true }), rec.listener);
    await rec.waitFor('machine.beep');
    await media.hangup(fsUuid);
    await rec.waitFor('call.hangup');
    expect(rec.types().filter((t) => t === 'machine.beep')).toHaveLength(1);
  });

  it('bridge customer and agent; the customer stays up when the agent leaves', async () => {
    const { media } = await setup();
    const customer = callRecorder();
    const agent = callRecorder();
    const c = await media.originate(call('15550000010'), customer.listener);
    const a = await media.originate(call('15550000009'), agent.listener);
    await customer.waitFor('call.answered');
    await agent.waitFor('call.answered');
    await media.bridge(c.fsUuid, a.fsUuid);
    expect(await customer.waitFor('call.bridged')).toEqual({ type: 'call.bridged', otherFsUuid: a.fsUuid });
    expect(await agent.waitFor('call.bridged')).toEqual({ type: 'call.bridged', otherFsUuid: c.fsUuid });
    await media.hangup(a.fsUuid);
    await agent.waitFor('call.hangup');
    await customer.waitFor('call.unbridged');
    expect(customer.types()).not.toContain('call.hangup');
    await media.hangup(c.fsUuid);
    await customer.waitFor('call.hangup');
  });

  it('the lab drops the connection mid-call: the adapter reconnects and reconciles the call that ended meanwhile', async () => {
    const clock = manualClock();
    const { lab, media } = await setup(clock);
    const rec = callRecorder();
    const { fsUuid } = await media.originate(call('15550000001'), rec.listener);
    await rec.waitFor('call.answered');

    lab.dropConnections();
    await clock.timerScheduled(); // the adapter noticed and is waiting to reconnect
    await killFromAnotherClient(lab, fsUuid);
    clock.fireAll(); // reconnect now

    expect(await rec.waitFor('call.hangup')).toMatchObject({ cause: 'RECONCILED', answered: true });
    expect(media.linesInUse('lab')).toBe(0);
    // The new connection works for new calls.
    const next = callRecorder();
    const second = await media.originate(call('15550000001'), next.listener);
    await next.waitFor('call.answered');
    await media.hangup(second.fsUuid);
    await next.waitFor('call.hangup');
  });
});

/** The adapter's clock in the reconnect test: its reconnect timer fires only when the test says so. */
function manualClock(): Clock & { fireAll(): void; timerScheduled(): Promise<void> } {
  const timers = new Map<object, () => void>();
  let notify: (() => void) | undefined;
  return {
    now: () => Date.now(),
    setTimer: (fn) => {
      const handle = {};
      timers.set(handle, fn);
      notify?.();
      return handle as TimerHandle;
    },
    clearTimer: (handle) => {
      timers.delete(handle);
    },
    fireAll: () => {
      const due = [...timers.values()];
      timers.clear();
      for (const fn of due) fn();
    },
    // Command timeouts are timers too; wait for the one the close handler adds (the reconnect).
    timerScheduled: () =>
      new Promise<void>((resolve) => {
        const before = timers.size;
        notify = () => {
          if (timers.size > before) resolve();
        };
      }),
  };
}

async function killFromAnotherClient(lab: Lab, fsUuid: string): Promise<void> {
  const other = new EslConnection({
    nodeName: 'ops',
    host: '127.0.0.1',
    port: lab.eslPort,
    password: 'ClueCon',
    commandTimeoutMs: 10_000,
    reconnectMaxMs: 100,
    clock: realClock,
  });
  await other.start();
  const destroyed = new Promise<void>((resolve) => {
    other.onEvent((e) => {
      const name = e.headers.find(([k]) => k === 'Event-Name')?.[1];
      const uuid = e.headers.find(([k]) => k === 'Unique-ID')?.[1];
      if (name === 'CHANNEL_HANGUP_COMPLETE' && uuid === fsUuid) resolve();
    });
  });
  await other.api(`uuid_kill ${fsUuid}`);
  await destroyed;
  await other.close();
}
