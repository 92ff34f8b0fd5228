import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  expandGlobals,
  listRepoFiles,
  preprocessSteps,
  readRepoFile,
  repoPath,
  resolveGlobals,
} from './deploy-files.ts';
import { allElements, parseXml, type XmlElement } from './xml-tree.ts';

const xmlFiles = [...listRepoFiles('freeswitch', '.xml'), ...listRepoFiles('dialplans', '.xml')];
const varsSteps = preprocessSteps(readRepoFile('freeswitch', 'vars.xml'));
// Globals FreeSWITCH computes itself before reading vars.xml (switch_core.c); placeholders for the tests.
const builtins = {
  local_ip_v4: '192.0.2.2',
  sounds_dir: '/usr/share/freeswitch/sounds',
  recordings_dir: '/var/lib/freeswitch/recordings',
};

function configuration(file: string, name: string): XmlElement {
  const root = parseXml(readRepoFile('freeswitch', 'autoload_configs', file)).root;
  const conf = allElements(root).find((e) => e.name === 'configuration' && e.attrs.name === name);
  if (!conf) throw new Error(`${file} has no <configuration name="${name}">`);
  return conf;
}

function params(element: XmlElement): Map<string, string> {
  return new Map(
    allElements(element)
      .filter((e) => e.name === 'param')
      .map((e) => [e.attrs.name ?? '', e.attrs.value ?? '']),
  );
}

describe('FreeSWITCH configuration and dialplans: XML', () => {
  it('finds the configuration tree', () => {
    expect(xmlFiles).toEqual(
      expect.arrayContaining(['freeswitch/freeswitch.xml', 'freeswitch/vars.xml', 'dialplans/recollect.xml']),
    );
  });

  it.each(xmlFiles)('%s is well-formed XML', (file) => {
    expect(() => parseXml(readRepoFile(file))).not.toThrow();
  });

  const xmllint = ['/usr/bin/xmllint', '/usr/local/bin/xmllint'].find((p) => existsSync(p));
  it.skipIf(!xmllint)(
    `xmllint --noout accepts every file${xmllint ? '' : ' (skipped: xmllint not installed; apt-get install libxml2-utils)'}`,
    () => {
      // Throws with xmllint's own message (file:line: error) if any file is not well-formed.
      execFileSync(xmllint!, ['--noout', ...xmlFiles.map((f) => repoPath(f))], { stdio: 'pipe' });
    },
  );

  it.each(xmlFiles)(
    '%s never spells the preprocessor instruction inside a comment (FreeSWITCH would run it)',
    (file) => {
      // switch_xml.c preprocesses line by line and ignores XML comments: a commented-out instruction still runs.
      for (const comment of parseXml(readRepoFile(file)).comments)
        expect(comment.text).not.toMatch(/X-PRE-PROCESS/i);
    },
  );
});

describe('FreeSWITCH configuration: what Recollect needs', () => {
  it('loads every module the controller relies on, and leaves the ASR engine as a documented choice', () => {
    const modules = allElements(configuration('modules.conf.xml', 'modules.conf'))
      .filter((e) => e.name === 'load')
      .map((e) => e.attrs.module);
    for (const needed of [
      'mod_sofia',
      'mod_event_socket',
      'mod_commands',
      'mod_dptools',
      'mod_dialplan_xml',
      'mod_avmd',
      'mod_flite',
      'mod_sndfile',
      'mod_native_file',
      'mod_tone_stream',
      'mod_loopback',
    ]) {
      expect(modules, needed).toContain(needed);
    }
    expect(new Set(modules).size).toBe(modules.length);
    const text = readRepoFile('freeswitch', 'autoload_configs', 'modules.conf.xml');
    expect(text).toMatch(/<!--[^]*mod_unimrcp[^]*mod_test[^]*-->/);
  });

  it('takes the ESL password from the environment, never from a literal', () => {
    const esl = params(configuration('event_socket.conf.xml', 'event_socket.conf'));
    const password = esl.get('password') ?? '';
    const ref = /^\$\$\{(\w+)\}$/.exec(password);
    expect(ref, `password is "${password}", not a $\${variable}`).not.toBeNull();
    const steps = varsSteps.filter((s) => s.name === ref![1]);
    // Only env-set, no default: an unset variable must not silently become a shared secret.
    expect(steps).toEqual([{ cmd: 'env-set', name: ref![1], value: 'RECOLLECT_ESL_PASSWORD' }]);
    const globals = resolveGlobals(varsSteps, { RECOLLECT_ESL_PASSWORD: 's3cret-from-env' }, builtins);
    expect(expandGlobals(password, globals)).toBe('s3cret-from-env');
  });

  it('binds the event socket to the configured address, 127.0.0.1 by default, behind an ACL', () => {
    const esl = params(configuration('event_socket.conf.xml', 'event_socket.conf'));
    const listen = (env: Record<string, string>): string =>
      expandGlobals(esl.get('listen-ip') ?? '', resolveGlobals(varsSteps, env, builtins));
    expect(listen({})).toBe('127.0.0.1');
    expect(listen({ FS_ESL_LISTEN_IP: '0.0.0.0' })).toBe('0.0.0.0');
    const acl = allElements(configuration('acl.conf.xml', 'acl.conf')).find(
      (e) => e.name === 'list' && e.attrs.name === esl.get('apply-inbound-acl'),
    );
    expect(acl?.attrs.default).toBe('deny');
  });

  it('keeps gateway credentials out of the files', () => {
    for (const file of listRepoFiles('freeswitch/sip_profiles/gateways', '.xml')) {
      const gw = params(parseXml(readRepoFile(file)).root);
      for (const secret of ['username', 'password']) {
        const value = gw.get(secret) ?? '';
        const ref = /^\$\$\{(\w+)\}$/.exec(value);
        expect(ref, `${file} ${secret} is a literal`).not.toBeNull();
        expect(varsSteps.filter((s) => s.name === ref![1]).map((s) => s.cmd)).toEqual(['env-set']);
      }
    }
  });

  it('defines every $${variable} the configuration uses', () => {
    const defined = new Set([...Object.keys(builtins), ...varsSteps.map((s) => s.name)]);
    for (const file of xmlFiles) {
      for (const m of readRepoFile(file).matchAll(/\$\$\{(\w+)\}/g))
        expect(defined, `${file} uses $\${${m[1]}}`).toContain(m[1]);
    }
  });

  it('sets max-sessions and sessions-per-second from the environment with the lab defaults', () => {
    const core = params(configuration('switch.conf.xml', 'switch.conf'));
    const value = (name: string, env: Record<string, string>): string =>
      expandGlobals(core.get(name) ?? '', resolveGlobals(varsSteps, env, builtins));
    expect(value('max-sessions', {})).toBe('1000');
    expect(value('sessions-per-second', {})).toBe('30');
    expect(value('max-sessions', { FS_MAX_SESSIONS: '250' })).toBe('250');
    expect(value('sessions-per-second', { FS_SESSIONS_PER_SECOND: '12' })).toBe('12');
  });

  it('resolves every include to existing files', () => {
    const includes: { from: string; pattern: string }[] = [];
    for (const file of listRepoFiles('freeswitch', '.xml')) {
      for (const m of readRepoFile(file).matchAll(/cmd="include"\s+data="([^"]+)"/g))
        includes.push({ from: file, pattern: m[1]! });
    }
    expect(includes.length).toBeGreaterThanOrEqual(4);
    for (const { from, pattern } of includes) {
      // Relative to the including file's folder; dialplan/ is where dialplans/ is mounted (docker-compose.yml).
      const dir = repoPath(from, '..', pattern, '..').replace(/freeswitch\/dialplan$/, 'dialplans');
      const suffix = pattern.slice(pattern.lastIndexOf('*') + 1);
      const prefix = pattern.slice(pattern.lastIndexOf('/') + 1, pattern.lastIndexOf('*'));
      const relDir = dir.slice(repoPath().length + 1);
      const matches = listRepoFiles(relDir, suffix).filter(
        (f) => f.slice(relDir.length + 1).startsWith(prefix) && !f.slice(relDir.length + 1).includes('/'),
      );
      expect(matches.length, `${from}: include ${pattern}`).toBeGreaterThan(0);
    }
  });
});
