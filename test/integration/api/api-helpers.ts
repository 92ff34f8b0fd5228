import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { createLogger } from '../../../src/adapters/log/logger.ts';
import type { Sql } from '../../../src/ports/sql.ts';
import type { AppDeps } from '../../../src/http/app-deps.ts';
import { buildApp } from '../../../src/http/build-app.ts';

export const tokens = {
  ops: 'tok-ops-1',
  agent: 'tok-agent-1',
  compliance: 'tok-compliance-1',
  admin: 'tok-admin-1',
} as const;
export type TestRole = keyof typeof tokens;
export const auth = (role: TestRole): Record<string, string> => ({ authorization: `Bearer ${tokens[role]}` });

export interface TestApi {
  readonly app: FastifyInstance;
  /** Every log line the app wrote, to check that no PII reaches the logs. */
  readonly logLines: string[];
}

export async function makeApi(sql: Sql, extra: Partial<AppDeps> = {}): Promise<TestApi> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const app = await buildApp({
    sql,
    config: {
      apiTokens: new Map(Object.entries(tokens).map(([role, token]) => [token, role])),
      trunks: [{ name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines: 10, cps: 5 }],
    },
    logger: createLogger('info', sink),
    registry: new Registry(),
    ...extra,
  });
  await app.ready();
  return { app, logLines };
}

let seq = 0;
/** A valid account body with unique external ids. */
export function accountBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    accountExternalId: `API-${process.pid}-${seq}`,
    firstName: 'Grace',
    lastName: 'Hopper',
    country: 'US',
    state: 'CA',
    postalCode: '94103',
    debts: [{ externalId: `D-${seq}`, balanceMinor: 125_000, currency: 'USD', daysPastDue: 45 }],
    phones: [
      { number: '(415) 555-2671', consent: true, consentSource: 'application', consentAt: '2025-01-15' },
    ],
    ...overrides,
  };
}

export const campaignBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'Early stage EN',
  scriptId: 'collections-en',
  profile: 'us',
  pacingMode: 'agentless',
  callerIds: ['+14155550100'],
  trunks: ['lab'],
  ...overrides,
});

/** A response body read loosely: fields are checked by the assertions. */
export type Body = Record<string, unknown>;
