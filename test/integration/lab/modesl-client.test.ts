/**
 * An unmodified modesl 1.2.1 Connection drives the lab: auth, api status, bgapi originate to a gateway
 * number from the population, channel events, uuid_kill.
 */
import esl from 'modesl';
import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock } from '../../../src/adapters/clock/clocks.ts';
import { startLab, type Lab } from '../../../src/lab/index.ts';
import { parsePopulation } from '../../../src/lab/population.ts';

/** modesl's bgapi is not in the shared local declaration; this is its documented shape. */
interface WithBgapi {
  bgapi(command: string, args: string, cb: (event: esl.Event) => void): void;
}

let lab: Lab | undefined;
let conn: esl.Connection | undefined;
afterEach(async () => {
  conn?.disconnect();
  conn = undefined;
  await lab?.close();
  lab = undefined;
});

function connect(port: number): Promise<esl.Connection> {
  return new Promise((resolve, reject) => {
    const c = new esl.Connection('127.0.0.1', port, 'ClueCon', () => resolve(c));
    c.on('error', (err: Error) => reject(err));
  });
}

const api = (c: esl.Connection, command: string, args = ''): Promise<esl.Event> => new Promise((resolve) => c.api(command, args, resolve));

function nextEvent(c: esl.Connection, name: string, fsUuid: string): Promise<esl.Event> {
  return new Promise((resolve) => c.once(`esl::event::${name}::${fsUuid}`, (e: never) => resolve(e)));
}

describe('lab driven by modesl', () => {
  it('authenticates, answers api status, runs a bgapi originate and reports its events', async () => {
    const population = parsePopulation('targets:\n  - { number: "+12085550123", answerAfterMs: 1500 }\n');
    // A fast clock only shortens the wait; the test awaits events, never a duration.
    lab = await startLab({ population, clock: scaledClock(20) });
    conn = await connect(lab.eslPort);
    const status = await api(conn, 'status');
    expect(status.getBody()).toContain('FreeSWITCH (Version 1.10.12-release  64bit) is ready');

    await new Promise<void>((resolve) => conn!.events('json', 'ALL', () => resolve()));
    const fsUuid = 'a1b2c3d4-0000-4000-8000-000000000001';
    const answered = nextEvent(conn, 'CHANNEL_ANSWER', fsUuid);
    const job = await new Promise<esl.Event>((resolve) =>
      (conn as unknown as WithBgapi).bgapi(
        'originate',
        `{origination_uuid=${fsUuid},originate_timeout=20,ignore_early_media=true,origination_caller_id_number=15550001111,campaign_id=42}sofia/gateway/lab/+12085550123 &park()`,
        resolve,
      ),
    );
    expect(job.getBody()).toBe(`+OK ${fsUuid}\n`);
    const answer = await answered;
    expect(answer.getHeader('Caller-Destination-Number')).toBe('+12085550123');
    expect(answer.getHeader('variable_campaign_id')).toBe('42');
    expect(lab.sessionCount()).toBe(1);

    const hangupComplete = nextEvent(conn, 'CHANNEL_HANGUP_COMPLETE', fsUuid);
    expect((await api(conn, 'uuid_kill', fsUuid)).getBody()).toBe('+OK\n');
    const done = await hangupComplete;
    expect(done.getHeader('Hangup-Cause')).toBe('NORMAL_CLEARING');
    expect(done.getHeader('variable_sip_hangup_disposition')).toBe('send_bye');
    expect(lab.sessionCount()).toBe(0);
  });
});
