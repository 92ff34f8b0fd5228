/**
 * Lab behaviour beyond the captures: scripted callee turns (speech, DTMF, silence), callee hang-up,
 * answering machines, session limits, HEARTBEAT, filters and connection drops. Driven over TCP with a raw
 * client; the lab runs on a ManualClock so results never depend on timing.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { header, parseEvent, type EslMessage } from '../../../src/adapters/esl/esl-frames.ts';
import { startLab, type Lab, type LabOptions } from '../../../src/lab/index.ts';
import { parsePopulation } from '../../../src/lab/population.ts';
import { RawEslClient } from './esl-replay.ts';
import { ManualClock } from './manual-clock.ts';

let lab: Lab | undefined;
const clients: RawEslClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await lab?.close();
  lab = undefined;
});

const eventName = (m: EslMessage): string | undefined => (m.contentType.startsWith('text/event') ? header(parseEvent(m), 'Event-Name') : undefined);
const field = (m: EslMessage, name: string): string | undefined => header(parseEvent(m), name);

async function session(populationYaml: string, options: Partial<LabOptions> = {}) {
  const clock = new ManualClock();
  lab = await startLab({ clock, population: parsePopulation(populationYaml), ...options });
  const client = new RawEslClient(lab.eslPort);
  clients.push(client);
  const events = (name: string): EslMessage[] => client.messages.filter((m) => eventName(m) === name);
  const waitEvent = (name: string, n = 1, where: (m: EslMessage) => boolean = () => true) =>
    client.until(() => events(name).filter(where).length >= n, `${n}× ${name}`, clock);
  const replies = () => client.messages.filter((m) => m.contentType === 'command/reply' || m.contentType === 'api/response');
  const command = async (text: string): Promise<EslMessage> => {
    const before = replies().length;
    client.send(text);
    await client.until(() => replies().length > before, `reply to ${text.split('\n')[0]}`, clock);
    return replies()[before]!;
  };
  await client.until(() => client.messages.length >= 1, 'greeting', clock);
  await command('auth ClueCon');
  await command('event plain ALL');
  return { clock, client, events, waitEvent, command };
}

const originate = (fsUuid: string, number: string, extra = '') =>
  `bgapi originate {origination_uuid=${fsUuid},originate_timeout=30,ignore_early_media=true${extra}}sofia/gateway/lab/${number} &park()`;
const detect = (fsUuid: string, arg: string) =>
  `sendmsg ${fsUuid}\ncall-command: execute\nexecute-app-name: detect_speech\nexecute-app-arg: ${arg}\nevent-lock: true`;
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';

describe('lab callee simulation', () => {
  it('delivers each scripted turn as DETECTED_SPEECH after detect_speech starts', async () => {
    const s = await session('targets:\n  - number: "+12085550123"\n    turns: [{ say: "yes this is John" }, { say: "I can pay on Friday", confidence: 91 }]\n');
    await s.command(originate(U1, '+12085550123'));
    await s.waitEvent('CHANNEL_PARK');
    await s.command(detect(U1, 'unimrcp collections default'));
    await s.waitEvent('DETECTED_SPEECH', 2);
    const [begin, result] = s.events('DETECTED_SPEECH');
    expect(field(begin!, 'Speech-Type')).toBe('begin-speaking');
    expect(parseEvent(result!).body).toBe('{"grammar": "collections", "text": "yes this is John", "confidence": 87.300000}');
    await s.command(detect(U1, 'stop'));
    await s.waitEvent('DETECTED_SPEECH', 3);
    expect(field(s.events('DETECTED_SPEECH')[2]!, 'Speech-Type')).toBe('closed');
    await s.command(detect(U1, 'unimrcp collections default'));
    await s.waitEvent('DETECTED_SPEECH', 5);
    expect(parseEvent(s.events('DETECTED_SPEECH')[4]!).body).toContain('"text": "I can pay on Friday", "confidence": 91.000000');
  });

  it('answers silence with no_input and keys in DTMF turns after a prompt', async () => {
    const s = await session('targets:\n  - { number: "555", turns: [{ silence: true }, { dtmf: "4#" }] }\n');
    await s.command(originate(U1, '555'));
    await s.waitEvent('CHANNEL_PARK');
    await s.command(detect(U1, 'test default default'));
    await s.waitEvent('DETECTED_SPEECH');
    expect(parseEvent(s.events('DETECTED_SPEECH')[0]!).body).toBe('{"grammar": "default", "text": "", "confidence": 0, "error": "no_input"}');
    await s.command(detect(U1, 'stop'));
    expect((await s.command(`api uuid_broadcast ${U1} 'speak::flite|kal|Press one to pay' aleg`)).body).toBe('+OK Message sent\n');
    await s.waitEvent('DTMF', 2);
    expect(s.events('DTMF').map((m) => field(m, 'DTMF-Digit'))).toEqual(['4', '#']);
  });

  it('lets the callee hang up (recv_bye) and reports an answering machine beep twice', async () => {
    const s = await session('targets:\n  - { number: "700", hangupAfterMs: 4000 }\n  - { number: "701", answeredBy: machine, beepAfterMs: 5000 }\n');
    await s.command(originate(U1, '700'));
    await s.command(originate(U2, '701', ',execute_on_answer=avmd_start'));
    await s.waitEvent('CHANNEL_HANGUP_COMPLETE', 1, (m) => field(m, 'Unique-ID') === U1);
    const done = s.events('CHANNEL_HANGUP_COMPLETE')[0]!;
    expect(field(done, 'Hangup-Cause')).toBe('NORMAL_CLEARING');
    expect(field(done, 'variable_sip_hangup_disposition')).toBe('recv_bye');
    await s.waitEvent('CUSTOM', 4, (m) => field(m, 'Unique-ID') === U2);
    const avmd = s.events('CUSTOM').map((m) => [field(m, 'Event-Subclass'), field(m, 'Event-Sequence')]);
    expect(avmd.map(([sub]) => sub)).toEqual(['avmd::start', 'avmd::start', 'avmd::beep', 'avmd::beep']);
    expect(avmd[2]![1]).toBe(avmd[3]![1]); // mod_avmd delivers each event twice with one sequence number
  });

  it('fails NO_ANSWER at the whole-second originate_timeout, like FreeSWITCH', async () => {
    const s = await session('targets:\n  - { number: "800", outcome: noanswer }\n');
    const startMs = s.clock.now();
    await s.command(originate(U1, '800').replace('originate_timeout=30', 'originate_timeout=8'));
    await s.waitEvent('BACKGROUND_JOB');
    expect(parseEvent(s.events('BACKGROUND_JOB')[0]!).body).toBe('-ERR NO_ANSWER\n');
    expect(s.clock.now() - startMs).toBeGreaterThan(7000);
    expect(s.clock.now() - startMs).toBeLessThanOrEqual(8000);
  });
});

describe('lab limits and connections', () => {
  it('refuses calls over sessions-per-second and over max sessions with SWITCH_CONGESTION', async () => {
    const s = await session('targets: []', { maxSessions: 2, sps: 1 });
    const U3 = '33333333-3333-4333-8333-333333333333';
    const U4 = '44444444-4444-4444-8444-444444444444';
    await s.command(originate(U1, '900'));
    await s.command(originate(U2, '901')); // same second: over sps=1
    await s.waitEvent('CHANNEL_PARK'); // the first call answers 1 s later on the lab clock
    await s.command(originate(U3, '902'));
    await s.waitEvent('CHANNEL_PARK', 2);
    await s.command(originate(U4, '903')); // two calls up: over max-sessions=2
    await s.waitEvent('BACKGROUND_JOB', 4);
    const bodies = s.events('BACKGROUND_JOB').map((m) => parseEvent(m).body);
    expect(bodies.filter((b) => b === '-ERR SWITCH_CONGESTION\n')).toHaveLength(2);
    expect(s.events('CHANNEL_CREATE').map((m) => field(m, 'Unique-ID'))).toEqual([U1, U3]);
    expect(lab!.sessionCount()).toBe(2);
  });

  it('sends HEARTBEAT with Session-Count and Max-Sessions', async () => {
    const s = await session('targets: []', { maxSessions: 50 });
    await s.command(originate(U1, '900'));
    await s.waitEvent('HEARTBEAT');
    const beat = s.events('HEARTBEAT')[0]!;
    expect(field(beat, 'Session-Count')).toBe('1');
    expect(field(beat, 'Max-Sessions')).toBe('50');
  });

  it('keeps calls up across a dropped connection and shows them in show channels', async () => {
    const s = await session('targets: []');
    await s.command(originate(U1, '+4930555'));
    await s.waitEvent('CHANNEL_PARK');
    lab!.dropConnections();
    await s.client.until(() => s.client.closed, 'the drop');
    expect(lab!.sessionCount()).toBe(1);
    const again = new RawEslClient(lab!.eslPort);
    clients.push(again);
    again.send('auth ClueCon');
    again.send('api show channels as json');
    await again.until(() => again.messages.some((m) => m.contentType === 'api/response'), 'show channels');
    const shown = JSON.parse(again.messages.find((m) => m.contentType === 'api/response')!.body) as { row_count: number; rows: Array<Record<string, string>> };
    expect(shown.row_count).toBe(1);
    expect(shown.rows[0]).toMatchObject({ uuid: U1, dest: '+4930555', callstate: 'ACTIVE', application: 'park' });
  });

  it('filters by Unique-ID and rejects a wrong password', async () => {
    const s = await session('targets: []');
    expect(header(await s.command(`filter Unique-ID ${U2}`), 'Reply-Text')).toBe(`+OK filter added. [Unique-ID]=[${U2}]`);
    await s.command(originate(U1, '900'));
    await s.command(originate(U2, '901'));
    await s.waitEvent('CHANNEL_PARK');
    const ids = new Set(s.client.messages.filter((m) => m.contentType === 'text/event-plain').map((m) => field(m, 'Unique-ID')));
    expect([...ids]).toEqual([U2]);
    const bad = new RawEslClient(lab!.eslPort);
    clients.push(bad);
    bad.send('auth nope');
    await bad.untilClosed();
    expect(bad.messages.map((m) => header(m, 'Reply-Text') ?? m.contentType)).toEqual(['auth/request', '-ERR invalid', 'text/disconnect-notice']);
  });
});
