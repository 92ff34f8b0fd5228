/**
 * Looks up the captured header template for an event and fills it with the simulated channel's values.
 * Header names, their order and every static value come from the real captures (event-templates.json);
 * only identities (uuids, channel names, caller ids), times and sequence numbers, and the fields the
 * simulation decides (state, application, cause, …) are replaced.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaptureTemplates, TemplateFile } from './template-types.ts';

export type HeaderList = Array<[string, string]>;

/** A field value that removes the header (e.g. Job-Command-Arg when the command had no arguments). */
export const DROP_HEADER = '\u0000drop';

let cached: TemplateFile | undefined;
function templateFile(): TemplateFile {
  // Read lazily at first use (not at import) so that importing the lab costs nothing until it starts.
  cached ??= JSON.parse(readFileSync(join(import.meta.dirname, 'event-templates.json'), 'utf8')) as TemplateFile;
  return cached;
}

/** Captures searched, in order, when the channel's own capture has no template for an event. */
const FALLBACK_CAPTURES = [
  'answered-plain',
  'sendmsg-execute-plain',
  'hold-record-plain',
  'dtmf-plain',
  'callee-hangup-plain',
  'bridge-park-after-plain',
  'bridge-plain',
  'detect-speech-plain',
  'play-and-detect-plain',
  'avmd-plain',
  'loopback-plain',
  'busy-plain',
  'noanswer-plain',
  'unreachable-plain',
  'api-originate-plain',
  'avmd_api-plain',
];

export interface FoundTemplate {
  readonly capture: string;
  readonly role: string;
  readonly headers: HeaderList;
}

export function captureNames(): string[] {
  return Object.keys(templateFile().captures);
}

export function captureIdentity(capture: string): CaptureTemplates['identity'] | undefined {
  return templateFile().captures[capture]?.identity;
}

function expand(flat: readonly number[]): HeaderList {
  const { strings } = templateFile();
  const out: HeaderList = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([strings[flat[i]!] ?? '', strings[flat[i + 1]!] ?? '']);
  return out;
}

function pick(capture: string, role: string, key: string, occurrence: number): FoundTemplate | undefined {
  const list = templateFile().captures[capture]?.roles[role]?.[key];
  if (!list || list.length === 0) return undefined;
  const flat = list[Math.min(occurrence, list.length - 1)]!;
  return { capture, role, headers: expand(flat) };
}

/** The template for `key` on a channel drawn from `capture`/`role`, falling back to other captures. */
export function findTemplate(capture: string, role: string, key: string, occurrence: number): FoundTemplate | undefined {
  const loopbackRole = role.endsWith('-b') ? role : undefined;
  const candidates: Array<[string, string]> = [[capture, role]];
  const isLoopback = captureIdentity(capture)?.roles[role]?.channelName.startsWith('loopback/') ?? false;
  for (const c of FALLBACK_CAPTURES) {
    const cIsLoopback = captureIdentity(c)?.roles.o0?.channelName.startsWith('loopback/') ?? false;
    if (loopbackRole) candidates.push([c, loopbackRole]);
    else if (cIsLoopback === isLoopback) candidates.push([c, role === 'global' ? 'global' : 'o0']);
  }
  for (const c of FALLBACK_CAPTURES) candidates.push([c, role === 'global' ? 'global' : 'o0']);
  for (const [c, r] of candidates) {
    const found = pick(c, r, key, c === capture && r === role ? occurrence : 0);
    if (found) return found;
  }
  // An application or state no capture shows (CHANNEL_EXECUTE of `set`, …): same event, another variant.
  const eventName = key.split('|')[0]!;
  for (const [c, r] of candidates) {
    const keys = Object.keys(templateFile().captures[c]?.roles[r] ?? {});
    const similar = keys.find((k) => k === eventName || k.startsWith(`${eventName}|`));
    if (similar) return pick(c, r, similar, 0);
  }
  return undefined;
}

export interface FillContext {
  readonly nowMs: number;
  readonly coreUuid: string;
  readonly sequence: number;
  /** Header name → value for fields the simulation decides; applied to every occurrence of the name. */
  readonly fields: ReadonlyMap<string, string>;
  /** Captured uuid → simulated uuid (the channel's own, its partner's, the core's). */
  readonly uuids: ReadonlyMap<string, string>;
  /** Captured text → simulated text, replaced inside every value (channel names, SIP user@host). */
  readonly substrings: ReadonlyArray<readonly [string, string]>;
  /** Captured value → simulated value when a whole value equals it (caller ids, destination numbers). */
  readonly exact: ReadonlyMap<string, string>;
  /** Channel variables; override `variable_<name>` and the ones the template lacks are appended. */
  readonly variables?: ReadonlyMap<string, string> | undefined;
  /**
   * Variables from the originate's {} block are appended only where the captured event already carries
   * some of them (FreeSWITCH applies them after the first events of a leg).
   */
  readonly originateVarNames?: ReadonlySet<string> | undefined;
  /** Captured uuids not tied to a channel (park's Application-UUID, …): mapped to fresh ones, stably. */
  readonly freshUuids: Map<string, string>;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function eventDateLocal(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function eventDateGmt(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT`;
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Moves a captured time value (µs, ms or s since the epoch) by the same offset as the event itself. */
function shiftTime(value: string, shiftUs: number, templateUs: number): string {
  if (!/^\d{10,16}$/.test(value) || value === '0') return value;
  const n = Number(value);
  const scale = value.length === 16 ? 1 : value.length === 13 ? 1000 : value.length === 10 ? 1_000_000 : 0;
  if (scale === 0 || Math.abs(n * scale - templateUs) > 86_400_000_000) return value;
  return String(Math.round((n * scale + shiftUs) / scale));
}

function fillValue(name: string, value: string, ctx: FillContext, shiftUs: number, templateUs: number): string {
  const field = ctx.fields.get(name);
  if (field !== undefined) return field;
  if (name.startsWith('variable_')) {
    const v = ctx.variables?.get(name.slice('variable_'.length));
    if (v !== undefined) return v;
  }
  // Whole-value identity swaps (destination `answer`, caller id) must not touch application names.
  const exact = /application/i.test(name) ? undefined : ctx.exact.get(value);
  if (exact !== undefined) return exact;
  // uuids first, on the captured text, so that a simulated uuid is never taken for a captured one.
  let out = value.replace(UUID_RE, (u) => {
    const known = ctx.uuids.get(u);
    if (known) return known;
    let fresh = ctx.freshUuids.get(u);
    if (!fresh) {
      fresh = randomUUID();
      ctx.freshUuids.set(u, fresh);
    }
    return fresh;
  });
  for (const [from, to] of ctx.substrings) if (from !== '' && out.includes(from)) out = out.split(from).join(to);
  return shiftTime(out, shiftUs, templateUs);
}

/** Fills a template; returns the header list in the captured order. */
export function fillTemplate(template: HeaderList, ctx: FillContext): HeaderList {
  const templateUs = Number(template.find(([n]) => n === 'Event-Date-Timestamp')?.[1] ?? '0');
  const nowUs = Math.round(ctx.nowMs * 1000);
  const shiftUs = templateUs > 0 ? nowUs - templateUs : 0;
  const out: HeaderList = template.map(([name, value]): [string, string] => {
    switch (name) {
      case 'Core-UUID':
        return [name, ctx.coreUuid];
      case 'Event-Sequence':
        return [name, String(ctx.sequence)];
      case 'Event-Date-Timestamp':
        return [name, String(nowUs)];
      case 'Event-Date-Local':
        return [name, eventDateLocal(ctx.nowMs)];
      case 'Event-Date-GMT':
        return [name, eventDateGmt(ctx.nowMs)];
      default:
        return [name, fillValue(name, value, ctx, shiftUs, templateUs)];
    }
  });
  if (ctx.variables && ctx.variables.size > 0) appendMissingVariables(out, ctx.variables, ctx.originateVarNames ?? new Set());
  return out.filter(([, v]) => v !== DROP_HEADER);
}

function appendMissingVariables(out: HeaderList, variables: ReadonlyMap<string, string>, originateNames: ReadonlySet<string>): void {
  let last = -1;
  out.forEach(([n], i) => {
    if (n.startsWith('variable_')) last = i;
  });
  if (last < 0) return; // events without channel variables (CHANNEL_STATE, CODEC, …) stay without them
  const present = new Set(out.map(([n]) => n));
  const originateApplied = [...originateNames].some((k) => present.has(`variable_${k}`));
  const extra: HeaderList = [];
  for (const [k, v] of variables) {
    if (present.has(`variable_${k}`) || (originateNames.has(k) && !originateApplied)) continue;
    extra.push([`variable_${k}`, v]);
  }
  out.splice(last + 1, 0, ...extra);
}
