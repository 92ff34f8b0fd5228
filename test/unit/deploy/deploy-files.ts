import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Helpers shared by the deployment tests: repository paths, .env files, compose interpolation and a model
 * of FreeSWITCH's vars.xml preprocessing. */

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function repoPath(...parts: string[]): string {
  return join(repoRoot, ...parts);
}

export function readRepoFile(...parts: string[]): string {
  return readFileSync(repoPath(...parts), 'utf8');
}

/** Files under `dir` (repository-relative) whose names end with `suffix`, as repository-relative paths. */
export function listRepoFiles(dir: string, suffix: string): string[] {
  const out: string[] = [];
  const walk = (abs: string): void => {
    for (const entry of readdirSync(abs)) {
      const child = join(abs, entry);
      if (statSync(child).isDirectory()) walk(child);
      else if (entry.endsWith(suffix)) out.push(relative(repoRoot, child));
    }
  };
  walk(repoPath(dir));
  return out.sort();
}

/** Parses a docker-compose style .env file: NAME=value lines, # comments, no quoting rules needed here. */
export function parseEnvFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const idx = line.indexOf('=');
    if (idx <= 0) throw new Error(`env file line is not NAME=value: ${line}`);
    env[line.slice(0, idx)] = line.slice(idx + 1);
  }
  return env;
}

export class MissingVariableError extends Error {
  readonly code = 'COMPOSE_VARIABLE_MISSING';
  readonly retryable = false;
}

const COMPOSE_VAR = /\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)/g;

/** Compose's interpolation: $$, ${VAR}, $VAR, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}. */
export function interpolate(text: string, env: Readonly<Record<string, string>>): string {
  return text.replace(COMPOSE_VAR, (match, braced?: string, op?: string, arg?: string, bare?: string) => {
    if (match === '$$') return '$';
    const name = braced ?? bare ?? '';
    const value = env[name];
    const unsetOrEmpty = value === undefined || (op?.startsWith(':') === true && value === '');
    if (op?.endsWith('?') && unsetOrEmpty) throw new MissingVariableError(`${name}: ${arg ?? 'required'}`);
    if (op?.endsWith('-') && unsetOrEmpty) return arg ?? '';
    return value ?? '';
  });
}

/** Interpolates every string in a parsed YAML value (keys are left alone, as compose does). */
export function interpolateDeep(value: unknown, env: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)]));
  }
  return value;
}

export interface PreprocessStep {
  readonly cmd: 'set' | 'env-set';
  readonly name: string;
  /** For set: the value; for env-set: the environment variable's name. */
  readonly value: string;
}

/** The set / env-set instructions of a FreeSWITCH XML file, in order. */
export function preprocessSteps(xmlText: string): PreprocessStep[] {
  const steps: PreprocessStep[] = [];
  const re = /<X-PRE-PROCESS\s+cmd="(set|env-set)"\s+data="([^"=]+)=([^"]*)"\s*\/>/gi;
  for (const m of xmlText.matchAll(re)) {
    const cmd = m[1]!.toLowerCase() as 'set' | 'env-set';
    const value = m[3]!;
    steps.push({ cmd, name: m[2]!, value: cmd === 'env-set' ? value.replace(/^\$/, '') : value });
  }
  return steps;
}

/**
 * What FreeSWITCH's preprocessor leaves in its global variables after vars.xml, given a process environment:
 * `set` assigns, `env-set name=$ENV` assigns only when ENV is set (switch_xml.c preprocess_env_set).
 * `$${x}` references inside values are expanded with the variables known so far.
 */
export function resolveGlobals(
  steps: readonly PreprocessStep[],
  env: Readonly<Record<string, string>>,
  builtins: Readonly<Record<string, string>>,
): Map<string, string> {
  const globals = new Map(Object.entries(builtins));
  const expand = (v: string): string =>
    v.replace(/\$\$\{([^}]+)\}/g, (_m, n: string) => globals.get(n) ?? '');
  for (const step of steps) {
    if (step.cmd === 'set') globals.set(step.name, expand(step.value));
    else if (env[step.value] !== undefined) globals.set(step.name, env[step.value]!);
  }
  return globals;
}

/** Expands `$${name}` in a configuration text as the preprocessor would (unknown names become empty). */
export function expandGlobals(text: string, globals: ReadonlyMap<string, string>): string {
  return text.replace(/\$\$\{([^}]+)\}/g, (_m, n: string) => globals.get(n) ?? '');
}
