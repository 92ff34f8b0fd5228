/**
 * Derives the lab's event header templates from real FreeSWITCH 1.10.12 captures (a directory of
 * NAME.rx.raw / NAME.tx.raw), so that header NAMES, their order and static values are never hand-typed.
 * The result is a string table plus, per capture and channel role, the header list of every occurrence
 * of every event key. Used by build-templates.ts (writes event-templates.json) and by its freshness test.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEslStream, parseEvent } from '../../adapters/esl/esl-frames.ts';
import { keyOfHeaders } from './template-key.ts';
import type { CaptureTemplates, RoleIdentity, TemplateFile } from './template-types.ts';

type Intern = (s: string) => number;

type Headers = ReadonlyArray<readonly [string, string]>;
const get = (h: Headers, name: string): string | undefined => h.find(([n]) => n === name)?.[1];

function originationUuids(tx: string): string[] {
  return [...new Set([...tx.matchAll(/(?:origination_uuid=|myevents )([0-9a-f-]{36})/g)].map((m) => m[1]!))];
}

function roleMap(events: Headers[], origination: string[]): Map<string, string> {
  const roles = new Map<string, string>();
  origination.forEach((u, i) => roles.set(u, `o${i}`));
  for (const h of events) {
    const oldUuid = get(h, 'Old-Unique-ID');
    const newUuid = get(h, 'Unique-ID');
    if (get(h, 'Event-Name') === 'CHANNEL_UUID' && oldUuid && newUuid && roles.has(newUuid)) roles.set(oldUuid, roles.get(newUuid)!);
  }
  for (const h of events) {
    const u = get(h, 'Unique-ID');
    const name = get(h, 'Channel-Name') ?? '';
    if (!u || roles.has(u) || !name.startsWith('loopback/')) continue;
    if (name.endsWith('-b')) roles.set(u, 'o0-b');
  }
  return roles;
}

function identityOf(events: Headers[], uuid: string): RoleIdentity {
  const first = events.find((h) => get(h, 'Unique-ID') === uuid && get(h, 'Channel-Name'));
  return {
    uuid,
    channelName: first ? (get(first, 'Channel-Name') ?? '') : '',
    callerIdNumber: first ? (get(first, 'Caller-Caller-ID-Number') ?? '') : '',
    callerIdName: first ? (get(first, 'Caller-Caller-ID-Name') ?? '') : '',
    destination: first ? (get(first, 'Caller-Destination-Number') ?? '') : '',
  };
}

function buildCapture(fixtures: string, name: string, intern: Intern): CaptureTemplates {
  const rx = readFileSync(join(fixtures, `${name}.rx.raw`));
  const tx = readFileSync(join(fixtures, `${name}.tx.raw`), 'utf8');
  const events = parseEslStream(rx)
    .filter((m) => m.contentType === 'text/event-plain')
    .map((m) => parseEvent(m).headers);
  const roles = roleMap(events, originationUuids(tx));
  const out: CaptureTemplates = { identity: { coreUuid: '', roles: {}, otherUuids: [] }, roles: {} };
  const seenUuids = new Set<string>();
  for (const h of events) {
    out.identity.coreUuid ||= get(h, 'Core-UUID') ?? '';
    const uuid = get(h, 'Unique-ID');
    const role = uuid ? (roles.get(uuid) ?? 'other') : 'global';
    if (uuid) seenUuids.add(uuid);
    for (const [n, v] of h) if (/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(v) && (n.endsWith('UUID') || n.endsWith('Unique-ID'))) seenUuids.add(v);
    const key = keyOfHeaders(h);
    const byKey = (out.roles[role] ??= {});
    // The inner Content-Length belongs to the body; the serializer adds it when the lab gives a body.
    const flat = h.filter(([n]) => n !== 'Content-Length').flatMap(([n, v]) => [intern(n), intern(v)]);
    (byKey[key] ??= []).push(flat);
  }
  for (const [uuid, role] of roles) {
    if (out.identity.roles[role] && !uuid) continue;
    const ident = identityOf(events, uuid);
    if (!out.identity.roles[role] || ident.channelName !== '') out.identity.roles[role] ??= ident;
  }
  out.identity.otherUuids = [...seenUuids].filter((u) => !roles.has(u));
  return out;
}

export function deriveTemplates(fixtures: string): TemplateFile {
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const intern: Intern = (s) => {
    let i = stringIndex.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      stringIndex.set(s, i);
    }
    return i;
  };
  const captures = readdirSync(fixtures)
    .filter((f) => f.endsWith('-plain.rx.raw'))
    .map((f) => f.replace('.rx.raw', ''))
    .sort();
  const file: TemplateFile = { strings, captures: {} };
  for (const name of captures) file.captures[name] = buildCapture(fixtures, name, intern);
  return file;
}
