import { hostname } from 'node:os';
import { configSchema, settingDocs, type RawConfig, type SettingName } from './schema.ts';

export interface FsNodeConfig {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}
export interface TrunkConfig {
  readonly name: string;
  readonly dialString: string;
  readonly maxLines: number;
  readonly cps: number;
}
export interface Config {
  readonly raw: RawConfig;
  readonly logLevel: RawConfig['RECOLLECT_LOG_LEVEL'];
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly http: { readonly host: string; readonly port: number };
  readonly esl: {
    readonly nodes: readonly FsNodeConfig[];
    readonly password: string;
    readonly commandTimeoutMs: number;
    readonly reconnectMaxMs: number;
  };
  readonly trunks: readonly TrunkConfig[];
  readonly lab: { readonly eslPort: number; readonly password: string; readonly maxSessions: number; readonly sps: number };
  readonly apiTokens: ReadonlyMap<string, string>;
  readonly dialer: {
    readonly dialerId: string;
    readonly nodeMaxLines: number;
    readonly ringTimeoutMs: number;
    readonly recordCalls: boolean;
    readonly recordingsDir: string;
    readonly company: { readonly companyName: string; readonly contactName: string; readonly callbackNumber: string };
  };
}

export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly retryable = false;
}

function parseNodes(text: string): FsNodeConfig[] {
  return text.split(',').map((item) => {
    const m = /^([\w-]+)=([^:]+):(\d+)$/.exec(item.trim());
    if (!m) throw new ConfigError(`RECOLLECT_FS_NODES: "${item}" is not name=host:port`);
    return { name: m[1]!, host: m[2]!, port: Number(m[3]) };
  });
}

function parseTrunks(text: string): TrunkConfig[] {
  return text.split(',').map((item) => {
    const parts = item.trim().split(':');
    const [name, dialString, lines, cps] = parts;
    if (parts.length !== 4 || !name || !dialString?.includes('{number}') || !/^\d+$/.test(lines ?? '') || !/^\d+$/.test(cps ?? '')) {
      throw new ConfigError(`RECOLLECT_TRUNKS: "${item}" is not name:dialString-with-{number}:maxLines:cps`);
    }
    return { name, dialString, maxLines: Number(lines), cps: Number(cps) };
  });
}

function parseTokens(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of text.split(',').filter((s) => s.trim() !== '')) {
    const idx = item.lastIndexOf(':');
    const role = item.slice(idx + 1).trim();
    if (idx <= 0 || !['ops', 'agent', 'compliance', 'admin'].includes(role)) {
      throw new ConfigError('RECOLLECT_API_TOKENS: each entry must be token:role with role ops|agent|compliance|admin');
    }
    out.set(item.slice(0, idx).trim(), role);
  }
  return out;
}

/** Reads the environment once; throws ConfigError naming every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<SettingName, string>> = {}): Config {
  const input: Record<string, string> = {};
  for (const [name, spec] of Object.entries(settingDocs)) {
    input[name] = overrides[name as SettingName] ?? env[name] ?? spec.default;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const raw = parsed.data;
  return {
    raw,
    logLevel: raw.RECOLLECT_LOG_LEVEL,
    dataDir: raw.RECOLLECT_DATA_DIR,
    databaseUrl: raw.RECOLLECT_DATABASE_URL || undefined,
    redisUrl: raw.RECOLLECT_REDIS_URL || undefined,
    http: { host: raw.RECOLLECT_HTTP_HOST, port: raw.RECOLLECT_HTTP_PORT },
    esl: {
      nodes: parseNodes(raw.RECOLLECT_FS_NODES),
      password: raw.RECOLLECT_ESL_PASSWORD,
      commandTimeoutMs: raw.RECOLLECT_ESL_COMMAND_TIMEOUT_MS,
      reconnectMaxMs: raw.RECOLLECT_ESL_RECONNECT_MAX_MS,
    },
    trunks: parseTrunks(raw.RECOLLECT_TRUNKS),
    lab: {
      eslPort: raw.RECOLLECT_LAB_ESL_PORT,
      password: raw.RECOLLECT_LAB_PASSWORD,
      maxSessions: raw.RECOLLECT_LAB_MAX_SESSIONS,
      sps: raw.RECOLLECT_LAB_SPS,
    },
    apiTokens: parseTokens(raw.RECOLLECT_API_TOKENS),
    dialer: {
      dialerId: raw.RECOLLECT_DIALER_ID || `${hostname()}-${process.pid}`,
      nodeMaxLines: raw.RECOLLECT_FS_NODE_MAX_LINES,
      ringTimeoutMs: raw.RECOLLECT_RING_TIMEOUT_MS,
      recordCalls: raw.RECOLLECT_RECORD_CALLS,
      recordingsDir: raw.RECOLLECT_RECORDINGS_DIR,
      company: { companyName: raw.RECOLLECT_COMPANY_NAME, contactName: raw.RECOLLECT_CONTACT_NAME, callbackNumber: raw.RECOLLECT_CALLBACK_NUMBER },
    },
  };
}

/** The README table of settings, generated from the schema. */
export function settingsMarkdown(): string {
  const rows = Object.entries(settingDocs).map(([name, s]) => `| \`${name}\` | \`${s.default}\` | ${s.doc} |`);
  return ['| Setting | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}
