import { describe, expect, it } from 'vitest';
import { listRepoFiles, readRepoFile } from './deploy-files.ts';
import { allElements, parseXml, type XmlElement } from './xml-tree.ts';

const dialplanFiles = listRepoFiles('dialplans', '.xml');
const contexts = new Map<string, XmlElement>();
for (const file of dialplanFiles) {
  for (const ctx of allElements(parseXml(readRepoFile(file)).root).filter((e) => e.name === 'context')) {
    if (contexts.has(ctx.attrs.name ?? '')) throw new Error(`context ${ctx.attrs.name} defined twice`);
    contexts.set(ctx.attrs.name ?? '', ctx);
  }
}

/** The extension of `contextName` FreeSWITCH picks for `destination` (first matching condition wins), with
 * its applications in order. Conditions here only test destination_number. */
function route(contextName: string, destination: string): { extension: string; apps: string[] } {
  const ctx = contexts.get(contextName);
  if (!ctx) throw new Error(`no context ${contextName}`);
  for (const ext of ctx.children.filter((e) => e.name === 'extension')) {
    const cond = ext.children.find((e) => e.name === 'condition');
    if (cond?.attrs.field !== 'destination_number')
      throw new Error(`${ext.attrs.name}: unsupported condition`);
    // FreeSWITCH uses PCRE; the expressions here stay within what JS regexps read the same way.
    if (new RegExp(cond.attrs.expression ?? '').test(destination)) {
      return {
        extension: ext.attrs.name ?? '',
        apps: cond.children
          .filter((e) => e.name === 'action')
          .map((a) => `${a.attrs.application}${a.attrs.data ? ` ${a.attrs.data}` : ''}`),
      };
    }
  }
  return { extension: '', apps: [] };
}

describe('dialplan contexts the controller relies on', () => {
  it('has each file hold only contexts, each with a name', () => {
    for (const file of dialplanFiles) {
      const root = parseXml(readRepoFile(file)).root;
      expect(root.name, file).toBe('include');
      for (const child of root.children) expect(child.name, file).toBe('context');
    }
    expect([...contexts.keys()].sort()).toEqual(['recollect', 'recollect_inbound', 'recollect_lab']);
  });

  it('parks a channel transferred to "park" so the controller drives it again', () => {
    expect(route('recollect', 'park')).toEqual({ extension: 'park', apps: ['park'] });
  });

  it('answers then parks on "answer", like the captured lab extension', () => {
    expect(route('recollect', 'answer').apps).toEqual(['answer', 'park']);
    expect(route('recollect_lab', 'answer').apps).toEqual(['answer', 'park']);
  });

  it('plays a hold tone that loops until the controller moves the customer', () => {
    const { apps } = route('recollect', 'hold');
    expect(apps[0]).toBe('answer');
    expect(apps[1]).toMatch(/^playback tone_stream:\/\/.*;loops=-1$/);
  });

  it('ends a channel sent to an unknown extension instead of leaving it undriven', () => {
    expect(route('recollect', 'typo').apps.at(-1)).toBe('hangup UNALLOCATED_NUMBER');
  });

  it('parks inbound callbacks for the controller, with a timeout if no controller takes them', () => {
    const { apps } = route('recollect_inbound', '+15550001111');
    expect(apps).toContain('set recollect_inbound=true');
    expect(apps.find((a) => a.startsWith('set park_timeout='))).toMatch(/^set park_timeout=\d+(:[A-Z_]+)?$/);
    expect(apps.at(-1)).toBe('park');
    expect(route('recollect_inbound', 'sip-scanner').apps).toEqual(['hangup UNALLOCATED_NUMBER']);
  });

  it('points the SIP profile at a context that exists', () => {
    const profile = parseXml(readRepoFile('freeswitch', 'sip_profiles', 'recollect.xml')).root;
    const context = allElements(profile).find((e) => e.name === 'param' && e.attrs.name === 'context')?.attrs
      .value;
    expect(contexts.has(context ?? '')).toBe(true);
  });

  it('defines every dialplan context the source code names', () => {
    const used = new Set<string>();
    for (const file of listRepoFiles('src', '.ts')) {
      const text = readRepoFile(file);
      // uuid_transfer <uuid> <dest> XML <context>, and loopback/<ext>/<context> dial strings.
      for (const m of text.matchAll(/\bXML\s+(recollect\w*)\b/g)) used.add(m[1]!);
      for (const m of text.matchAll(/loopback\/\w+\/(recollect\w*)\b/g)) used.add(m[1]!);
    }
    for (const name of used) expect(contexts.has(name), `context ${name} used in src/`).toBe(true);
  });
});
