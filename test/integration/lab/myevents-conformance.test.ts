/**
 * Conformance for the two-connection capture pair myevents-control-plain (connection 1, `event plain ALL`)
 * and myevents-plain (connection 2, `myevents <uuid>`), replayed in the captured time order.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { header, parseEslStream, parseEvent } from '../../../src/adapters/esl/esl-frames.ts';
import { startLab, type Lab } from '../../../src/lab/index.ts';
import { parsePopulation } from '../../../src/lab/population.ts';
import { fixtures, RawEslClient } from './esl-replay.ts';
import { ManualClock } from './manual-clock.ts';
import { normalise } from './normalise.ts';

const UUID = '7a93a1d6-ff13-4867-8bde-126908972015';
const ORIGINATE = `bgapi originate {origination_uuid=${UUID},originate_timeout=20,origination_caller_id_number=15550001111,origination_caller_id_name=fslab}sofia/lab/answer@127.0.0.1:5090 &park()`;

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

function count(client: RawEslClient, predicate: (name: string | undefined, text: string) => boolean): number {
  return client.messages.filter((m) => {
    const name = m.contentType.startsWith('text/event') ? header(parseEvent(m), 'Event-Name') : undefined;
    return predicate(name, header(m, 'Reply-Text') ?? m.contentType);
  }).length;
}

describe('lab conformance: myevents on a second connection', () => {
  it('binds to the channel, delivers its subset of events and closes at CHANNEL_HANGUP', async () => {
    const clock = new ManualClock();
    const population = parsePopulation('targets: [{ number: answer, answerAfterMs: 1000, template: "myevents-control-plain:o0" }]');
    lab = await startLab({ clock, population });
    const control = new RawEslClient(lab.eslPort);
    const mine = new RawEslClient(lab.eslPort);
    const replies = (c: RawEslClient): number => count(c, (n, t) => n === undefined && t !== 'auth/request');
    await control.until(() => control.messages.length >= 1, 'greeting', clock);
    await mine.until(() => mine.messages.length >= 1, 'greeting', clock);
    control.send('auth ClueCon');
    mine.send('auth ClueCon');
    await control.until(() => replies(control) >= 1, 'auth reply', clock);
    await mine.until(() => replies(mine) >= 1, 'auth reply', clock);
    control.send('event plain ALL');
    await control.until(() => replies(control) >= 2, 'event reply', clock);
    mine.send(`myevents ${UUID} plain`);
    await mine.until(() => replies(mine) >= 2, 'myevents reply', clock);
    control.send(ORIGINATE);
    // The capture's second myevents went out at 0.303 s, after the control connection's RINGING (0.277 s).
    await control.until(() => count(control, (n) => n === 'CHANNEL_CALLSTATE') >= 1, 'RINGING', clock);
    mine.send(`myevents ${UUID}`);
    await mine.until(() => replies(mine) >= 3, 'myevents reply', clock);
    await control.until(() => count(control, (n) => n === 'BACKGROUND_JOB') >= 1, 'BACKGROUND_JOB', clock);
    await control.until(() => count(control, (n) => n === 'CHANNEL_PARK') >= 1, 'CHANNEL_PARK', clock);
    control.send(`api uuid_kill ${UUID}`);
    await mine.untilClosed(clock);
    await control.until(() => count(control, (n) => n === 'CHANNEL_STATE') >= 7, 'CS_DESTROY', clock);
    control.send('exit');
    await control.untilClosed(clock);

    for (const [client, name] of [
      [mine, 'myevents-plain'],
      [control, 'myevents-control-plain'],
    ] as const) {
      const got = normalise(client.messages);
      const want = normalise(parseEslStream(readFileSync(join(fixtures, `${name}.rx.raw`))));
      expect(got.merged, name).toEqual(want.merged);
      for (const [channel, events] of want.streams) {
        const gotEvents = got.streams.get(channel) ?? [];
        events.forEach((e, i) => expect(gotEvents[i]?.headerNames, `${name} ${channel} event ${i} ${e.signature}`).toEqual(e.headerNames));
      }
      expect(got.control, name).toEqual(want.control);
    }
  });
});
