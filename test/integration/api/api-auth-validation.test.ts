import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../../src/ports/sql.ts';
import { dropTestSchemas, sqlBackends } from '../../helpers/sql-backends.ts';
import { accountBody, auth, campaignBody, makeApi, type Body, type TestApi } from './api-helpers.ts';

afterAll(dropTestSchemas);

describe.each(sqlBackends)('REST API auth, validation and audit on $name', (backend) => {
  let sql: Sql;
  let api: TestApi;
  beforeAll(async () => {
    sql = await backend.open();
    api = await makeApi(sql);
  });
  afterAll(async () => {
    await api.app.close();
    await sql.close();
  });

  it('refuses a request without a token (401), with an unknown token (401), and with a role lacking the permission (403)', async () => {
    const none = await api.app.inject({ method: 'GET', url: '/accounts' });
    expect(none.statusCode).toBe(401);
    expect(none.json<Body>()).toMatchObject({
      code: 'UNAUTHENTICATED',
      message: expect.stringContaining('Bearer') as unknown,
    });
    const unknown = await api.app.inject({
      method: 'GET',
      url: '/accounts',
      headers: { authorization: 'Bearer nope' },
    });
    expect(unknown.statusCode).toBe(401);
    const agentWrites = await api.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: auth('agent'),
      payload: campaignBody(),
    });
    expect(agentWrites.statusCode).toBe(403);
    expect(agentWrites.json<Body>()).toMatchObject({
      code: 'FORBIDDEN',
      message: 'role agent may not campaigns:write',
    });
    const complianceWrites = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: auth('compliance'),
      payload: accountBody(),
    });
    expect(complianceWrites.statusCode).toBe(403);
    const opsRecording = await api.app.inject({
      method: 'GET',
      url: '/attempts/x/recording',
      headers: auth('ops'),
    });
    expect(opsRecording.statusCode).toBe(403);
    // Nothing was written by the refused requests.
    expect(await sql.query('SELECT 1 FROM accounts')).toHaveLength(0);
  });

  it('serves /healthz, /metrics and /openapi.json without a token', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json<Body>()).toEqual({
      status: 'ok',
      store: backend.name,
    });
    const metrics = await api.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(
      /recollect_http_requests_total\{method="GET",route="\/healthz",status="200"\} 1/,
    );
  });

  it('rejects bad bodies and queries with 400 naming the field', async () => {
    const badPhone = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: auth('ops'),
      payload: accountBody({ phones: [{ number: '12345' }] }),
    });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json<Body>()).toMatchObject({
      code: 'VALIDATION_FAILED',
      problems: [
        {
          field: 'body.phones.0.number',
          message: expect.stringMatching(/not a valid phone number/) as unknown,
        },
      ],
    });
    const badMode = await api.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: auth('ops'),
      payload: campaignBody({ pacingMode: 'turbo' }),
    });
    expect(badMode.statusCode).toBe(400);
    expect(badMode.json<Body>().message).toMatch(/^body\.pacingMode: /);
    const missing = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: auth('ops'),
      payload: { ...accountBody(), firstName: undefined },
    });
    expect(missing.json<Body>().problems).toEqual([{ field: 'body.firstName', message: 'is required' }]);
    const badQuery = await api.app.inject({
      method: 'GET',
      url: '/accounts?limit=abc',
      headers: auth('ops'),
    });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json<Body>().message).toMatch(/^query\.limit: /);
    const unknownTrunk = await api.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: auth('ops'),
      payload: campaignBody({ trunks: ['nowhere'] }),
    });
    expect(unknownTrunk.json<Body>().problems).toEqual([
      { field: 'body.trunks.0', message: 'is not a configured trunk (known: lab)' },
    ]);
    const overlapping = await api.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: auth('ops'),
      payload: campaignBody({
        strategy: {
          buckets: [
            { name: 'early', minDaysPastDue: 0, maxDaysPastDue: 60, maxAttempts: 3 },
            { name: 'late', minDaysPastDue: 30, maxAttempts: 6 },
          ],
        },
      }),
    });
    expect(overlapping.json<Body>().problems).toEqual([
      { field: 'body.strategy.buckets', message: 'bucket "late" overlaps bucket "early"' },
    ]);
    const laxTarget = await api.app.inject({
      method: 'POST',
      url: '/campaigns',
      headers: auth('ops'),
      payload: campaignBody({ pacingMode: 'predictive', pacing: { targetAbandonment: 0.05, minAgentsForPredictive: 0 } }),
    });
    expect(laxTarget.statusCode).toBe(400);
    expect(laxTarget.json<{ problems: { field: string }[] }>().problems.map((p) => p.field).sort()).toEqual([
      'body.pacing.minAgentsForPredictive',
      'body.pacing.targetAbandonment',
    ]);
    const notJson = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: { ...auth('ops'), 'content-type': 'application/json' },
      payload: '{"oops"',
    });
    expect(notJson.statusCode).toBe(400);
  });

  it('audits every successful write with actor, role, action and target — never the token', async () => {
    const created = await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: auth('ops'),
      payload: accountBody(),
    });
    expect(created.statusCode).toBe(201);
    const { accountId } = created.json<{ accountId: string }>();
    await api.app.inject({
      method: 'PATCH',
      url: `/accounts/${accountId}`,
      headers: auth('admin'),
      payload: { flags: ['hardship'] },
    });
    await api.app.inject({
      method: 'POST',
      url: `/accounts/${accountId}/notes`,
      headers: auth('ops'),
      payload: { author: 'ops-desk', body: 'called back' },
    });
    await api.app.inject({
      method: 'PATCH',
      url: `/accounts/${accountId}`,
      headers: auth('ops'),
      payload: { language: 'fr' },
    }); // 400: not audited
    const rows = await sql.query<{ actor: string; role: string; action: string; target: string }>(
      'SELECT actor, role, action, target FROM audit_log WHERE target = $1 ORDER BY audit_id',
      [accountId],
    );
    expect(rows.map((r) => [r.role, r.action])).toEqual([
      ['ops', 'account.upsert'],
      ['admin', 'account.patch'],
      ['ops', 'account.note'],
    ]);
    expect(rows[0]?.actor).toMatch(/^token:[0-9a-f]{12}$/);
    const [patch] = await sql.query<{ detail: unknown }>(
      "SELECT detail FROM audit_log WHERE target = $1 AND action = 'account.patch'",
      [accountId],
    );
    expect(patch?.detail).toMatchObject({
      fields: ['flags'],
      flagsBefore: [],
      flagsAfter: ['hardship'],
      statusCode: 200,
    });
    expect(JSON.stringify(rows)).not.toContain('tok-');
    const audit = await api.app.inject({
      method: 'GET',
      url: `/audit?target=${accountId}`,
      headers: auth('compliance'),
    });
    expect(audit.json<Body>().entries).toHaveLength(3);
  });

  it('lets an agent read only an account with a live agent call on it', async () => {
    const { accountId } = (
      await api.app.inject({ method: 'POST', url: '/accounts', headers: auth('ops'), payload: accountBody() })
    ).json<{ accountId: string }>();
    expect(
      (await api.app.inject({ method: 'GET', url: `/accounts/${accountId}`, headers: auth('agent') }))
        .statusCode,
    ).toBe(403);
    await sql.query(
      "INSERT INTO attempts (attempt_id, account_id, number_e164, channel, status) VALUES ('att-agent-1', $1, '+14155552671', 'agent', 'answered')",
      [accountId],
    );
    const read = await api.app.inject({
      method: 'GET',
      url: `/accounts/${accountId}`,
      headers: auth('agent'),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json<Body>()).toMatchObject({
      accountId,
      phones: [{ numberE164: '+14155552671', consent: true }],
    });
    expect(
      (await api.app.inject({ method: 'GET', url: '/accounts', headers: auth('agent') })).statusCode,
    ).toBe(403);
  });

  it('audits recording and transcript reads by compliance', async () => {
    const { accountId } = (
      await api.app.inject({ method: 'POST', url: '/accounts', headers: auth('ops'), payload: accountBody() })
    ).json<{ accountId: string }>();
    await sql.query(
      "INSERT INTO attempts (attempt_id, account_id, number_e164, status, recording_path, recording_ms, disposition) VALUES ('att-rec-1', $1, '+14155552671', 'ended', '/rec/att-rec-1.wav', 61000, 'promise_to_pay')",
      [accountId],
    );
    const rec = await api.app.inject({
      method: 'GET',
      url: '/attempts/att-rec-1/recording',
      headers: auth('compliance'),
    });
    expect(rec.json<Body>()).toEqual({
      attemptId: 'att-rec-1',
      recordingPath: '/rec/att-rec-1.wav',
      recordingMs: 61000,
    });
    const tr = await api.app.inject({
      method: 'GET',
      url: '/attempts/att-rec-1/transcript',
      headers: auth('compliance'),
    });
    expect(tr.json<Body>()).toEqual({ attemptId: 'att-rec-1', turns: [] });
    const rows = await sql.query<{ action: string; role: string }>(
      "SELECT action, role FROM audit_log WHERE target = 'att-rec-1' ORDER BY audit_id",
    );
    expect(rows).toEqual([
      { action: 'recording.read', role: 'compliance' },
      { action: 'transcript.read', role: 'compliance' },
    ]);
    const search = await api.app.inject({
      method: 'GET',
      url: `/attempts?accountId=${accountId}&disposition=promise_to_pay`,
      headers: auth('compliance'),
    });
    expect(search.json<Body>().attempts).toMatchObject([
      { attemptId: 'att-rec-1', hasRecording: true, disposition: 'promise_to_pay' },
    ]);
  });

  it('never writes phone numbers or names to the logs, even when they are in the URL', async () => {
    await api.app.inject({
      method: 'GET',
      url: '/accounts?phone=%2B14155552671&name=Hopper',
      headers: auth('ops'),
    });
    await api.app.inject({
      method: 'POST',
      url: '/accounts',
      headers: auth('ops'),
      payload: accountBody({ phones: [{ number: '415 555 267' }] }),
    });
    const logs = api.logLines.join('');
    expect(logs).toContain('request completed');
    expect(logs).not.toMatch(/4155552671|555 267|Hopper|Grace/);
  });

  it('calls the injected explainer, and says 501 when none is configured', async () => {
    expect(
      (await api.app.inject({ method: 'GET', url: '/explain?decisionId=d1', headers: auth('compliance') }))
        .statusCode,
    ).toBe(501);
    const withExplain = await makeApi(sql, {
      explain: (r) =>
        Promise.resolve(
          r.decisionId === 'd1'
            ? { decisionId: 'd1', allowed: false, blockedBy: ['calling_hours'] }
            : undefined,
        ),
    });
    try {
      const found = await withExplain.app.inject({
        method: 'GET',
        url: '/explain?decisionId=d1',
        headers: auth('compliance'),
      });
      expect(found.json<Body>()).toEqual({ decisionId: 'd1', allowed: false, blockedBy: ['calling_hours'] });
      expect(
        (await withExplain.app.inject({ method: 'GET', url: '/explain?decisionId=zz', headers: auth('ops') }))
          .statusCode,
      ).toBe(404);
      const neither = await withExplain.app.inject({ method: 'GET', url: '/explain', headers: auth('ops') });
      expect(neither.json<Body>().problems).toEqual([
        { field: 'query.decisionId', message: 'give decisionId or accountId' },
      ]);
    } finally {
      await withExplain.app.close();
    }
  });

  it('publishes an OpenAPI document with a request schema on every route that takes input', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; parameters?: unknown[] }>>;
    }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/accounts']?.['post']?.requestBody).toMatchObject({
      content: {
        'application/json': {
          schema: {
            required: expect.arrayContaining(['accountExternalId', 'firstName', 'debts']) as unknown,
          },
        },
      },
    });
    expect(
      Object.keys((doc.paths['/imports']?.['post']?.requestBody as { content: object }).content),
    ).toEqual(['application/json', 'text/csv']);
    for (const [path, ops] of Object.entries(doc.paths)) {
      if (path.includes('{')) for (const op of Object.values(ops)) expect(op.parameters, path).toBeDefined();
    }
  });
});
