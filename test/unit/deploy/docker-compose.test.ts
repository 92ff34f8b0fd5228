import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../../src/config/load-config.ts';
import { settingDocs } from '../../../src/config/schema.ts';
import {
  interpolateDeep,
  listRepoFiles,
  MissingVariableError,
  parseEnvFile,
  preprocessSteps,
  readRepoFile,
  repoPath,
  repoRoot,
} from './deploy-files.ts';
import { allElements, parseXml } from './xml-tree.ts';

interface Service {
  image?: unknown;
  build?: unknown;
  environment?: Record<string, string>;
  ports?: unknown[];
  volumes?: unknown[];
  depends_on?: Record<string, unknown>;
  networks?: unknown;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
  networks?: Record<string, { ipam?: { config?: { subnet?: string }[] } }>;
}

const rawCompose = parse(readRepoFile('docker-compose.yml')) as Compose;
const exampleEnv = parseEnvFile(readRepoFile('docs', 'production.env.example'));
const compose = interpolateDeep(rawCompose, exampleEnv) as Compose;
const svc = (name: string): Service => {
  const s = compose.services[name];
  if (!s) throw new Error(`docker-compose.yml has no service ${name}`);
  return s;
};
const env = (name: string): Record<string, string> =>
  Object.fromEntries(Object.entries(svc(name).environment ?? {}).map(([k, v]) => [k, String(v)]));

/** Compose short port syntax: [ip:]host[-host]:container[-container][/tcp|udp]. Returns the container ports. */
function containerPorts(spec: string): number[] {
  const m = /^(?:(\d{1,3}(?:\.\d{1,3}){3}):)?(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(?:\/(tcp|udp))?$/.exec(spec);
  if (!m) throw new Error(`port "${spec}" is not [ip:]host:container[/proto]`);
  const [hostLo, hostHi, ctrLo, ctrHi] = [m[2], m[3] ?? m[2], m[4], m[5] ?? m[4]].map(Number) as [
    number,
    number,
    number,
    number,
  ];
  for (const p of [hostLo, hostHi, ctrLo, ctrHi])
    if (p < 1 || p > 65535) throw new Error(`port ${p} out of range in "${spec}"`);
  if (hostHi - hostLo !== ctrHi - ctrLo || hostHi < hostLo)
    throw new Error(`port ranges of "${spec}" differ in size`);
  return Array.from({ length: ctrHi - ctrLo + 1 }, (_, i) => ctrLo + i);
}

describe('docker-compose.yml', () => {
  it('wires FreeSWITCH, drachtio-server, Redis, PostgreSQL and Recollect, each from a named image', () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      'drachtio',
      'freeswitch',
      'postgres',
      'recollect',
      'redis',
    ]);
    for (const [name, s] of Object.entries(compose.services)) {
      expect(s.build, name).toBeUndefined();
      expect(s.image, name).toMatch(/^[a-z0-9][\w./-]*(:[\w.-]+)?$/);
    }
    expect(svc('drachtio').image).toMatch(/^drachtio\/drachtio-server:/);
    expect(svc('recollect').image).toMatch(/^node:20/);
  });

  it('refuses to start without the secrets, and the example env file names all of them', () => {
    expect(() => interpolateDeep(rawCompose, {})).toThrow(MissingVariableError);
    expect(() => interpolateDeep(rawCompose, {})).toThrow(
      /POSTGRES_PASSWORD|REDIS_PASSWORD|RECOLLECT_ESL_PASSWORD/,
    );
    const { RECOLLECT_ESL_PASSWORD: _omit, ...withoutEsl } = exampleEnv;
    expect(() => interpolateDeep(rawCompose, withoutEsl)).toThrow(/RECOLLECT_ESL_PASSWORD/);
    // The example must not ship FreeSWITCH's well-known default as if it were a secret.
    expect(exampleEnv.RECOLLECT_ESL_PASSWORD).not.toBe('ClueCon');
  });

  it('publishes valid ports, and never the event socket', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const spec of s.ports ?? []) {
        expect(typeof spec, `${name} port ${String(spec)} must be a quoted string`).toBe('string');
        expect(() => containerPorts(spec as string)).not.toThrow();
        expect(containerPorts(spec as string), `${name}: ${String(spec)}`).not.toContain(8021);
      }
    }
  });

  it('mounts only folders that exist in the repository, and declares every named volume', () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const v of s.volumes ?? []) {
        expect(typeof v, name).toBe('string');
        const source = (v as string).split(':')[0]!;
        if (source.startsWith('.'))
          expect(existsSync(repoPath(source)), `${name} mounts ${source}`).toBe(true);
        else expect(Object.keys(compose.volumes ?? {}), `${name} uses volume ${source}`).toContain(source);
      }
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(compose.services)).toContain(dep);
    }
  });

  it('gives Recollect only settings declared in the config schema, and a configuration that loads', () => {
    const recollectEnv = env('recollect');
    for (const key of Object.keys(recollectEnv)) expect(Object.keys(settingDocs), key).toContain(key);
    const config = loadConfig(recollectEnv);
    expect(config.databaseUrl).toMatch(/@postgres:5432\//);
    expect(config.redisUrl).toMatch(/@redis:6379\//);
  });

  it('points Recollect at the FreeSWITCH service with the same ESL password and a listening event socket', () => {
    const config = loadConfig(env('recollect'));
    const fs = env('freeswitch');
    for (const node of config.esl.nodes) {
      expect(Object.keys(compose.services)).toContain(node.host);
      expect(String(node.port)).toBe(fs.FS_ESL_LISTEN_PORT);
    }
    expect(config.esl.password).toBe(fs.RECOLLECT_ESL_PASSWORD);
    expect(fs.FS_ESL_LISTEN_IP).toBe('0.0.0.0');
    // The ESL ACL must admit the compose network the controller is on.
    expect(fs.FS_ESL_ALLOWED_CIDR).toBe(compose.networks?.recollect?.ipam?.config?.[0]?.subnet);
  });

  it('dials through gateways that exist and stays within FreeSWITCH capacity', () => {
    const config = loadConfig(env('recollect'));
    const fs = env('freeswitch');
    const gateways = listRepoFiles('freeswitch/sip_profiles/gateways', '.xml').flatMap((f) =>
      allElements(parseXml(readRepoFile(f)).root)
        .filter((e) => e.name === 'gateway')
        .map((e) => e.attrs.name),
    );
    for (const trunk of config.trunks) {
      const gw = /^sofia\/gateway\/([^/]+)\//.exec(trunk.dialString)?.[1];
      expect(gateways, `trunk ${trunk.name}`).toContain(gw);
    }
    expect(config.trunks.reduce((n, t) => n + t.maxLines, 0)).toBeLessThanOrEqual(Number(fs.FS_MAX_SESSIONS));
    expect(config.trunks.reduce((n, t) => n + t.cps, 0)).toBeLessThanOrEqual(
      Number(fs.FS_SESSIONS_PER_SECOND),
    );
  });

  it('passes FreeSWITCH exactly the variables its vars.xml reads', () => {
    const read = new Set(
      preprocessSteps(readRepoFile('freeswitch', 'vars.xml'))
        .filter((s) => s.cmd === 'env-set')
        .map((s) => s.value),
    );
    const given = Object.keys(env('freeswitch'));
    for (const key of given) expect(read, `freeswitch env ${key} is not read by vars.xml`).toContain(key);
    // Secrets have no default in vars.xml, so compose must provide them.
    for (const key of ['RECOLLECT_ESL_PASSWORD', 'FS_GATEWAY_USERNAME', 'FS_GATEWAY_PASSWORD'])
      expect(given).toContain(key);
  });

  const composeCli = (() => {
    try {
      execFileSync('docker', ['compose', 'version'], { stdio: 'pipe' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!composeCli)(
    `docker compose config accepts the file${composeCli ? '' : ' (skipped: no docker compose plugin here)'}`,
    () => {
      execFileSync('docker', ['compose', '--env-file', 'docs/production.env.example', 'config', '--quiet'], {
        cwd: repoRoot,
        stdio: 'pipe',
      });
    },
  );
});
