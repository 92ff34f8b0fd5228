/**
 * Conformance: replay the commands of every real FreeSWITCH 1.10.12 capture against the lab and compare
 * what comes back with what the real switch sent (see test/fixtures/esl-captured/README.md).
 * Compared: the control stream (replies, api bodies, API/BACKGROUND_JOB events, notices) in order; per
 * channel, the sequence of events and the header NAMES of each; for single-channel captures, the merged
 * order of everything. Values that legitimately differ (uuids, times, sequence numbers) are normalised.
 * HEARTBEAT/RE_SCHEDULE are left out: they come on the switch's own timer.
 * The lab runs on a ManualClock advanced only while the replay waits, so timing never decides a result.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEslStream } from '../../../src/adapters/esl/esl-frames.ts';
import { startLab, type Lab } from '../../../src/lab/index.ts';
import { parsePopulation } from '../../../src/lab/population.ts';
import { fixtures, replay, replaySteps } from './esl-replay.ts';
import { ManualClock } from './manual-clock.ts';
import { normalise } from './normalise.ts';

/** What each captured SIPp peer / dialplan extension did, as a population entry. */
const BEHAVIOUR: Readonly<Record<string, string>> = {
  answer: 'outcome: answer, answerAfterMs: 1000',
  customer: 'outcome: answer, answerAfterMs: 1000',
  agent: 'outcome: answer, answerAfterMs: 1000',
  busy: 'outcome: busy, failAfterMs: 500',
  noanswer: 'outcome: noanswer',
  nobody: 'outcome: unreachable',
  bye3: 'outcome: answer, answerAfterMs: 1000, hangupAfterMs: 3000',
  holdbye: 'outcome: answer, answerAfterMs: 1000, hangupAfterMs: 2900',
  dtmf: 'outcome: answer, answerAfterMs: 1000, turns: [{ dtmf: "12#" }]',
  machine: 'outcome: answer, answeredBy: machine',
  speaker: 'outcome: answer',
};

/** A population giving each dial target of the capture the captured behaviour and header templates. */
function populationFor(name: string): string {
  const tx = readFileSync(join(fixtures, `${name}.tx.raw`), 'utf8');
  const templateCapture = name.replace(/-json$/, '-plain');
  const users = [...tx.matchAll(/}(?:sofia\/lab\/([a-z0-9]+)@|loopback\/([a-z]+)\/)/g)].map((m) => m[1] ?? m[2]!);
  const lines = users.map((user, i) => `  - { number: ${user}, ${BEHAVIOUR[user] ?? 'outcome: answer'}, template: "${templateCapture}:o${i}" }`);
  return lines.length === 0 ? 'seed: 7\ntargets: []\n' : `seed: 7\ntargets:\n${lines.join('\n')}\n`;
}

const captures = [
  'answered-plain',
  'answered-json',
  'busy-plain',
  'busy-json',
  'noanswer-plain',
  'noanswer-json',
  'unreachable-plain',
  'callee-hangup-plain',
  'dtmf-plain',
  'sendmsg-execute-plain',
  'hold-record-plain',
  'api-originate-plain',
  'api-none',
  'badauth-none',
  'loopback-plain',
  'avmd-plain',
  'avmd_api-plain',
  'detect-speech-plain',
  'play-and-detect-plain',
  'bridge-plain',
  'bridge-park-after-plain',
];

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.close();
  lab = undefined;
});

describe('lab conformance with real FreeSWITCH 1.10.12 captures', () => {
  for (const name of captures) {
    it(`replays ${name} and answers as the real switch did`, async () => {
      const clock = new ManualClock();
      lab = await startLab({ eslPort: 0, clock, population: parsePopulation(populationFor(name)), maxSessions: 200, sps: 30 });
      const got = normalise(await replay(lab.eslPort, replaySteps(name), clock));
      const want = normalise(parseEslStream(readFileSync(join(fixtures, `${name}.rx.raw`))));
      const tx = readFileSync(join(fixtures, `${name}.tx.raw`), 'utf8');
      expect(got.control).toEqual(want.control);
      expect([...got.streams.keys()].sort()).toEqual([...want.streams.keys()].sort());
      for (const [channel, events] of want.streams) {
        const mine = got.streams.get(channel) ?? [];
        expect(mine.map((e) => e.signature), `event sequence of ${channel}`).toEqual(events.map((e) => e.signature));
        events.forEach((e, i) => {
          expect(mine[i]?.headerNames, `header names of ${channel} event ${i} ${e.signature}`).toEqual(e.headerNames);
          // A uuid the client chose (origination_uuid) is the channel's Unique-ID, exactly.
          if (e.uniqueId && tx.includes(e.uniqueId)) expect(mine[i]?.uniqueId).toBe(e.uniqueId);
        });
      }
      // With one channel the whole interleaving is fixed too (replies before the events they cause, the
      // BACKGROUND_JOB's place among the hangup events, …). Two legs interleave freely on the real switch.
      if (want.streams.size <= 1) expect(got.merged).toEqual(want.merged);
    });
  }
});
