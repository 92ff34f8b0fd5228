/**
 * Replays a real FreeSWITCH capture (test/fixtures/esl-captured) to the adapter through the fake ESL server.
 * The capture's received messages are cut into segments, one per command the capture's client sent (the reply,
 * then every event up to the next reply). When the adapter sends a command, the next segment whose command has
 * the same verb is written back. Segments of commands the adapter never sends (listed in `skip`, e.g. the
 * capture client's uuid_getvar) are flushed right after the previous one, so their events are not lost.
 * The capture's channel and job uuids are swapped for the adapter's (same length, so framing is untouched).
 * Plain events are re-framed as JSON, because the adapter subscribes in JSON.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEslStream, parseEvent, type EslMessage } from '../../../../src/adapters/esl/esl-frames.ts';
import { apiResponse, jsonEventFrame, type CommandScript, type EslCommand } from './fake-esl-server.ts';

const dir = join(import.meta.dirname, '../../../fixtures/esl-captured');

interface Segment {
  readonly verb: string;
  readonly reply: string;
  readonly events: string[];
  readonly jobUuid: string | undefined;
  readonly originationUuid: string | undefined;
}

function verbOf(line: string): string {
  const words = line.split(' ');
  return words[0] === 'api' || words[0] === 'bgapi' ? `${words[0]} ${words[1] ?? ''}` : (words[0] ?? '');
}

function replyFrame(message: EslMessage): string {
  if (message.contentType === 'api/response') return apiResponse(message.body);
  return `${message.headers.map(([k, v]) => `${k}: ${v}\n`).join('')}\n`;
}

function eventFrame(message: EslMessage): string {
  const event = parseEvent(message);
  const obj: Record<string, string> = {};
  for (const [k, v] of event.headers) obj[k] = v;
  if (event.body !== undefined) obj['_body'] = event.body;
  return jsonEventFrame(obj);
}

export function loadSegments(capture: string): Segment[] {
  const commands = readFileSync(join(dir, `${capture}.tx.raw`), 'utf8')
    .split('\n\n')
    .filter((b) => b.trim() !== '')
    .map((b) => b.split('\n')[0]!);
  const messages = parseEslStream(readFileSync(join(dir, `${capture}.rx.raw`))).filter(
    (m) => m.contentType !== 'auth/request' && m.contentType !== 'text/disconnect-notice',
  );
  const segments: Segment[] = [];
  let index = -1;
  for (const message of messages) {
    if (message.contentType === 'command/reply' || message.contentType === 'api/response') {
      index += 1;
      const line = commands[index] ?? '';
      segments.push({
        verb: verbOf(line),
        reply: replyFrame(message),
        events: [],
        jobUuid: message.headers.find(([k]) => k === 'Job-UUID')?.[1],
        originationUuid: /origination_uuid=([0-9a-f-]{36})/.exec(line)?.[1],
      });
    } else if (message.contentType.startsWith('text/event-'))
      segments.at(-1)?.events.push(eventFrame(message));
  }
  // auth and event are answered by the fake server itself; exit too.
  return segments.filter((s) => !['auth', 'event', 'exit'].includes(s.verb));
}

export interface Replay {
  readonly script: CommandScript;
  /** Segments not replayed yet (a test can assert the adapter drove the whole capture). */
  remaining(): number;
}

export function replayCapture(capture: string, skip: readonly string[] = []): Replay {
  const segments = loadSegments(capture);
  const swaps = new Map<string, string>();
  const swap = (frame: string): string => {
    let out = frame;
    for (const [from, to] of swaps) out = out.replaceAll(from, to);
    return out;
  };
  const script: CommandScript = (command: EslCommand, session) => {
    const verb = verbOf(command.line);
    const at = segments.findIndex((s) => s.verb === verb);
    if (at < 0) {
      // What FreeSWITCH answers for a leg that is gone; anything else unscripted is a test bug.
      if (verb === 'api uuid_kill') return session.write(apiResponse('-ERR No such channel!\n'));
      throw new Error(`capture ${capture} has no reply left for "${verb}"`);
    }
    const passed = segments.splice(0, at + 1);
    const segment = passed.pop();
    const unexpected = passed.filter((s) => !skip.includes(s.verb));
    if (unexpected.length > 0)
      throw new Error(`adapter skipped "${unexpected[0]!.verb}" of capture ${capture} before "${verb}"`);
    if (segment!.originationUuid) {
      const ours = /origination_uuid=([0-9a-f-]{36})/.exec(command.line)?.[1];
      if (ours) swaps.set(segment!.originationUuid, ours);
    }
    if (segment!.jobUuid && command.headers['Job-UUID'])
      swaps.set(segment!.jobUuid, command.headers['Job-UUID']);
    const frames = [...passed.flatMap((s) => s.events), segment!.reply, ...segment!.events];
    while (segments[0] && skip.includes(segments[0].verb)) frames.push(...segments.shift()!.events);
    session.write(...frames.map(swap));
  };
  return { script, remaining: () => segments.length };
}
