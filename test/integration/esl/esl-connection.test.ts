/**
 * Connection behaviour of the ESL adapter over real TCP (modesl) against a scripted server: authentication,
 * per-command timeouts, reconnect with re-subscription, reconciliation of calls that ended while disconnected,
 * and several FreeSWITCH nodes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { realClock } from '../../../src/adapters/clock/clocks.ts';
import { EslConnection } from '../../../src/adapters/esl/esl-connection.ts';
import { EslMediaControl } from '../../../src/adapters/esl/esl-media-control.ts';
import type { OriginateRequest } from '../../../src/ports/media-control.ts';
import { callRecorder } from './helpers/call-recorder.ts';
import {
  apiResponse,
  commandReply,
  jsonEventFrame,
  startFakeEsl,
  type CommandScript,
  type FakeEslServer,
} from './helpers/fake-esl-server.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const request: OriginateRequest = {
  destinationNumber: '15550002222',
  trunkName: 'lab',
  callerIdNumber: '15550001111',
  ringTimeoutMs: 20_000,
};

/** A minimal switch: originates are accepted and answered; `show channels` lists what `alive` holds. */
function answeringScript(alive: Set<string>): CommandScript {
  return (command, session) => {
    if (command.line.startsWith('bgapi originate')) {
      const fsUuid = /origination_uuid=([0-9a-f-]{36})/.exec(command.line)![1]!;
      const job = command.headers['Job-UUID']!;
      alive.add(fsUuid);
      session.write(
        commandReply(`+OK Job-UUID: ${job}`, { 'Job-UUID': job }),
        jsonEventFrame({ 'Event-Name': 'CHANNEL_CREATE', 'Unique-ID': fsUuid }),
        jsonEventFrame({ 'Event-Name': 'CHANNEL_ANSWER', 'Unique-ID': fsUuid }),
        jsonEventFrame({
          'Event-Name': 'BACKGROUND_JOB',
          'Job-UUID': job,
          'Content-Length': '41',
          _body: `+OK ${fsUuid}\n`,
        }),
      );
    } else if (command.line === 'api show channels as json') {
      const rows = [...alive].map((uuid) => ({ uuid, callstate: 'ACTIVE', dest: '15550002222' }));
      session.write(
        apiResponse(
          rows.length === 0 ? '{"row_count": 0}\n' : JSON.stringify({ row_count: rows.length, rows }),
        ),
      );
    } else if (command.line.startsWith('api ')) session.write(apiResponse('+OK\n'));
  };
}

function mediaFor(servers: FakeEslServer[], commandTimeoutMs = 5000, maxLines = 10): EslMediaControl {
  const media = new EslMediaControl({
    nodes: servers.map((s, i) => ({ name: `fs${i + 1}`, host: '127.0.0.1', port: s.port })),
    password: 'ClueCon',
    commandTimeoutMs,
    reconnectMaxMs: 100,
    reconnectBaseMs: 10,
    trunks: [{ name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines, cps: 100 }],
    clock: realClock,
  });
  cleanups.push(() => media.close());
  return media;
}

async function server(script: CommandScript, password?: string): Promise<FakeEslServer> {
  const s = await startFakeEsl(script, password);
  cleanups.push(() => s.close());
  return s;
}

describe('EslConnection', () => {
  it('a wrong password fails start() with ESL_AUTH_FAILED (not retryable) and does not retry', async () => {
    const s = await server(() => undefined, 'secret');
    const connection = new EslConnection({
      nodeName: 'fs1',
      host: '127.0.0.1',
      port: s.port,
      password: 'ClueCon',
      commandTimeoutMs: 1000,
      reconnectMaxMs: 50,
      reconnectBaseMs: 5,
      clock: realClock,
    });
    cleanups.push(() => connection.close());
    await expect(connection.start()).rejects.toMatchObject({ code: 'ESL_AUTH_FAILED', retryable: false });
    expect(s.sessions).toHaveLength(1);
  });

  it('subscribes in JSON to the call events it maps, including avmd CUSTOM subclasses', async () => {
    const s = await server(() => undefined);
    const connection = new EslConnection({
      nodeName: 'fs1',
      host: '127.0.0.1',
      port: s.port,
      password: 'ClueCon',
      commandTimeoutMs: 1000,
      reconnectMaxMs: 50,
      clock: realClock,
    });
    cleanups.push(() => connection.close());
    await connection.start();
    const subscription = s.commands.map((c) => c.line).find((l) => l.includes('CHANNEL_ANSWER'));
    expect(subscription).toMatch(/^event json .*CHANNEL_HANGUP_COMPLETE.* CUSTOM avmd::start avmd::beep/);
  });

  it('a command without reply fails with ESL_COMMAND_TIMEOUT; the late reply is not given to the next command', async () => {
    let held: (() => void) | undefined;
    const s = await server((command, session) => {
      if (command.line === 'api uuid_getvar slow') held = () => session.write(apiResponse('late\n'));
      else if (command.line === 'api status') {
        held?.();
        session.write(apiResponse('UP 0 years\n'));
      }
    });
    const connection = new EslConnection({
      nodeName: 'fs1',
      host: '127.0.0.1',
      port: s.port,
      password: 'ClueCon',
      commandTimeoutMs: 150,
      reconnectMaxMs: 50,
      clock: realClock,
    });
    cleanups.push(() => connection.close());
    await connection.start();
    await expect(connection.api('uuid_getvar slow')).rejects.toMatchObject({
      code: 'ESL_COMMAND_TIMEOUT',
      retryable: true,
    });
    expect(await connection.api('status')).toBe('UP 0 years\n');
  });

  it('commands while disconnected fail at once with ESL_NOT_CONNECTED (retryable)', async () => {
    const connection = new EslConnection({
      nodeName: 'fs1',
      host: '127.0.0.1',
      port: 1,
      password: 'ClueCon',
      commandTimeoutMs: 1000,
      reconnectMaxMs: 50,
      clock: realClock,
    });
    await expect(connection.api('status')).rejects.toMatchObject({
      code: 'ESL_NOT_CONNECTED',
      retryable: true,
    });
    await connection.close();
  });
});

describe('EslMediaControl connection loss', () => {
  it('reconnects, re-subscribes, and ends calls that vanished meanwhile with cause RECONCILED; live calls go on', async () => {
    const alive = new Set<string>();
    const s = await server(answeringScript(alive));
    const media = mediaFor([s]);
    await media.start();
    const gone = callRecorder();
    const kept = callRecorder();
    const g = await media.originate(request, gone.listener);
    const k = await media.originate(request, kept.listener);
    await gone.waitFor('call.answered');
    await kept.waitFor('call.answered');

    alive.delete(g.fsUuid); // the callee hung up while we could not hear it
    s.dropConnections();
    await s.subscribed(2);
    expect(await gone.waitFor('call.hangup')).toMatchObject({
      cause: 'RECONCILED',
      q850: undefined,
      answered: true,
    });
    expect(s.commands.filter((c) => c.line === 'api show channels as json')).toHaveLength(1);
    expect(kept.types()).toEqual(['call.answered']);
    expect(media.linesInUse('lab')).toBe(1);

    await media.hangup(k.fsUuid); // commands work on the new connection
    expect(s.sessions.at(-1)!.commands.map((c) => c.line)).toContain(`api uuid_kill ${k.fsUuid}`);
  });

  it('an empty channel list after reconnect ({"row_count": 0}) ends every tracked call', async () => {
    const alive = new Set<string>();
    const s = await server(answeringScript(alive));
    const media = mediaFor([s]);
    await media.start();
    const call = callRecorder();
    await media.originate(request, call.listener);
    await call.waitFor('call.answered');
    alive.clear();
    s.dropConnections();
    await call.waitFor('call.hangup');
    expect(media.liveLegCount()).toBe(0);
    expect(media.linesInUse('lab')).toBe(0);
  });
});

describe('EslMediaControl with several nodes and trunk limits', () => {
  it('spreads calls over the connected nodes by live calls and sends each leg’s commands to its node', async () => {
    const s1 = await server(answeringScript(new Set()));
    const s2 = await server(answeringScript(new Set()));
    const media = mediaFor([s1, s2]);
    await media.start();
    const a = await media.originate(request, () => undefined);
    const b = await media.originate(request, () => undefined);
    expect([a.nodeName, b.nodeName].sort()).toEqual(['fs1', 'fs2']);
    await media.hangup(b.fsUuid);
    const target = b.nodeName === 'fs1' ? s1 : s2;
    expect(target.commands.map((c) => c.line)).toContain(`api uuid_kill ${b.fsUuid}`);
    expect(await media.listChannels()).toHaveLength(2);
  });

  it('transfer, barge-in and record commands reach the leg’s node in FreeSWITCH syntax', async () => {
    const s = await server(answeringScript(new Set()));
    const media = mediaFor([s]);
    await media.start();
    const { fsUuid } = await media.originate(
      { ...request, variables: { recollect_call_id: 'c1' } },
      () => undefined,
    );
    await media.stopPlayback(fsUuid);
    await media.transfer(fsUuid, { extension: 'agents', context: 'recollect' });
    const lines = s.commands.map((c) => c.line);
    expect(lines.find((l) => l.startsWith('bgapi originate'))).toContain(
      ',recollect_call_id=c1}',
    );
    expect(lines).toContain(`api uuid_break ${fsUuid} all`);
    expect(lines).toContain(`api uuid_transfer ${fsUuid} agents XML recollect`);
    await expect(media.play(fsUuid, { kind: 'tts', text: '\u0000', voice: 'kal' })).rejects.toMatchObject({
      code: 'MEDIA_INPUT_INVALID',
    });
  });

  it('refuses an originate beyond the trunk line limit without sending it', async () => {
    const s = await server(answeringScript(new Set()));
    const media = mediaFor([s], 5000, 1);
    await media.start();
    await media.originate(request, () => undefined);
    await expect(media.originate(request, () => undefined)).rejects.toMatchObject({
      code: 'TRUNK_LINES_EXHAUSTED',
      retryable: true,
    });
    expect(s.commands.filter((c) => c.line.startsWith('bgapi originate'))).toHaveLength(1);
  });

  it('an originate whose reply times out frees its line and kills the leg it may have created', async () => {
    const s = await server((command, session) => {
      if (command.line.startsWith('api ')) session.write(apiResponse('-ERR No such channel!\n'));
    });
    const media = mediaFor([s], 150, 1);
    await media.start();
    await expect(media.originate(request, () => undefined)).rejects.toMatchObject({
      code: 'ESL_COMMAND_TIMEOUT',
    });
    expect(media.linesInUse('lab')).toBe(0);
    expect(media.liveLegCount()).toBe(0);
  });
});
