import { z } from 'zod';

/**
 * Every setting Recollect reads, in one place. Env vars share the RECOLLECT_ prefix and are declared only
 * here; `loadConfig` reads them once at the composition root. Units are in the names.
 * The README table is generated from `settingDocs` below (`recollect config --markdown`), so it cannot drift.
 */

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const settingDocs = {
  RECOLLECT_LOG_LEVEL: { default: 'info', doc: 'pino log level (fatal, error, warn, info, debug, trace, silent).' },
  RECOLLECT_DATA_DIR: { default: '.recollect', doc: 'Folder for embedded data (PGlite database, recordings in the lab).' },
  RECOLLECT_DATABASE_URL: { default: '', doc: 'PostgreSQL URL (postgres://…). Empty: embedded PGlite in RECOLLECT_DATA_DIR/pg.' },
  RECOLLECT_REDIS_URL: { default: '', doc: 'Redis URL (redis://…). Empty: single-process in-memory hot state (demo only).' },
  RECOLLECT_HTTP_HOST: { default: '127.0.0.1', doc: 'Address the REST API binds to.' },
  RECOLLECT_HTTP_PORT: { default: '8080', doc: 'Port of the REST API (0 = any free port).' },
  RECOLLECT_FS_NODES: {
    default: 'fs1=127.0.0.1:8021',
    doc: 'FreeSWITCH nodes, comma-separated `name=host:port`. The ESL password comes from RECOLLECT_ESL_PASSWORD.',
  },
  RECOLLECT_ESL_PASSWORD: { default: 'ClueCon', doc: 'ESL password for every node (secret: set it from the environment).' },
  RECOLLECT_ESL_COMMAND_TIMEOUT_MS: { default: '5000', doc: 'Per-command timeout for api/sendmsg replies over ESL, ms.' },
  RECOLLECT_ESL_RECONNECT_MAX_MS: { default: '10000', doc: 'Upper bound of the ESL reconnect backoff, ms.' },
  RECOLLECT_TRUNKS: {
    default: 'lab:sofia/gateway/lab/{number}:100:10',
    doc: 'Trunks, comma-separated `name:dialString:maxLines:cps`; the dial string has a `{number}` placeholder.',
  },
  RECOLLECT_LAB_ESL_PORT: { default: '8021', doc: '`recollect lab`: ESL port on 127.0.0.1.' },
  RECOLLECT_LAB_PASSWORD: { default: 'ClueCon', doc: '`recollect lab`: ESL password.' },
  RECOLLECT_LAB_MAX_SESSIONS: { default: '1000', doc: '`recollect lab`: max concurrent sessions (like switch.conf max-sessions).' },
  RECOLLECT_LAB_SPS: { default: '30', doc: '`recollect lab`: sessions per second (like switch.conf sessions-per-second).' },
  RECOLLECT_REDIS_PREFIX: { default: 'recollect:', doc: 'Prefix of every Redis key, so deployments (or test runs) can share one Redis.' },
  RECOLLECT_DIALER_ID: { default: '', doc: 'Name of this dialer process in attempts, leases and logs. Empty: hostname-pid.' },
  RECOLLECT_FS_NODE_MAX_LINES: { default: '500', doc: 'Concurrent calls allowed per FreeSWITCH node, across every dialer (shared budget in Redis).' },
  RECOLLECT_RING_TIMEOUT_MS: { default: '25000', doc: 'How long an unanswered call rings before the dialer gives up, ms (never below 15000: TCPA minimum ring).' },
  RECOLLECT_RECORD_CALLS: { default: 'true', doc: 'Record every call from answer (the script announces it).' },
  RECOLLECT_RECORDINGS_DIR: { default: '/var/lib/freeswitch/recordings', doc: 'Folder on the FreeSWITCH host where call recordings are written.' },
  RECOLLECT_COMPANY_NAME: { default: 'Acme Recovery', doc: 'Business identity the robot states at the start of each call (47 CFR 64.1200(b)).' },
  RECOLLECT_CONTACT_NAME: { default: 'Sam Lee', doc: 'Natural person named in limited-content messages (Reg F 1006.2(j)).' },
  RECOLLECT_CALLBACK_NUMBER: { default: '800-555-0100', doc: 'Callback number the robot gives (said during the call and in messages).' },
  RECOLLECT_LAB_CLOCK_START: { default: '', doc: 'Lab runs only: start `serve` on a simulated clock at this ISO instant (never set in production: the calling windows follow this clock).' },
  RECOLLECT_LAB_CLOCK_SPEED: { default: '1', doc: 'Lab runs only, with RECOLLECT_LAB_CLOCK_START: simulated seconds per real second.' },
  RECOLLECT_API_TOKENS: {
    default: '',
    doc: 'API tokens, comma-separated `token:role` (roles: ops, agent, compliance, admin). Secret: from the environment.',
  },
  RECOLLECT_COMPLIANCE_CN_WINDOW_END_MINUTE: {
    default: '1260',
    doc: 'End of the `cn` calling window, minutes after local midnight: 1260 (21:00, conservative default) or up to 1320 (22:00, GB/T 45251).',
  },
  RECOLLECT_COMPLIANCE_STORE_TIMEOUT_MS: { default: '500', doc: 'Compliance reservation store (Redis) command timeout, ms; past it the answer is "do not dial" (store.unavailable).' },
} as const;

export type SettingName = keyof typeof settingDocs;

export const configSchema = z.object({
  RECOLLECT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  RECOLLECT_DATA_DIR: z.string().min(1),
  RECOLLECT_DATABASE_URL: z.union([z.literal(''), z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://')]),
  RECOLLECT_REDIS_URL: z.union([z.literal(''), z.string().regex(/^rediss?:\/\//, 'must start with redis://')]),
  RECOLLECT_HTTP_HOST: z.string().min(1),
  RECOLLECT_HTTP_PORT: int(0, 65535),
  RECOLLECT_FS_NODES: z.string().min(1),
  RECOLLECT_ESL_PASSWORD: z.string().min(1),
  RECOLLECT_ESL_COMMAND_TIMEOUT_MS: int(100, 600_000),
  RECOLLECT_ESL_RECONNECT_MAX_MS: int(100, 600_000),
  RECOLLECT_TRUNKS: z.string().min(1),
  RECOLLECT_LAB_ESL_PORT: int(0, 65535),
  RECOLLECT_LAB_PASSWORD: z.string().min(1),
  RECOLLECT_LAB_MAX_SESSIONS: int(1, 1_000_000),
  RECOLLECT_LAB_SPS: int(1, 100_000),
  RECOLLECT_API_TOKENS: z.string(),
  RECOLLECT_LAB_CLOCK_START: z.union([z.literal(''), z.iso.datetime({ offset: true })]),
  RECOLLECT_LAB_CLOCK_SPEED: z.coerce.number().positive().max(1000),
  RECOLLECT_REDIS_PREFIX: z.string().min(1).max(100),
  RECOLLECT_DIALER_ID: z.string().regex(/^[\w.-]*$/, 'letters, digits, . _ - only'),
  RECOLLECT_FS_NODE_MAX_LINES: int(1, 1_000_000),
  RECOLLECT_RING_TIMEOUT_MS: int(15_000, 120_000),
  RECOLLECT_RECORD_CALLS: z.enum(['true', 'false']).transform((v) => v === 'true'),
  RECOLLECT_RECORDINGS_DIR: z.string().min(1),
  RECOLLECT_COMPANY_NAME: z.string().min(1),
  RECOLLECT_CONTACT_NAME: z.string().min(1),
  RECOLLECT_CALLBACK_NUMBER: z.string().min(1),
  RECOLLECT_COMPLIANCE_CN_WINDOW_END_MINUTE: int(1260, 1320),
  RECOLLECT_COMPLIANCE_STORE_TIMEOUT_MS: int(50, 60_000),
});

export type RawConfig = z.infer<typeof configSchema>;
