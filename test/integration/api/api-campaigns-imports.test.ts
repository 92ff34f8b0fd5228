import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../../src/ports/sql.ts';
import { dropTestSchemas, sqlBackends } from '../../helpers/sql-backends.ts';
import { accountBody, auth, campaignBody, makeApi, type Body, type TestApi } from './api-helpers.ts';
import { loadConfig } from '../../../src/config/load-config.ts';
import { getCampaign } from '../../../src/services/campaigns/campaigns-service.ts';
import { planFromCampaign } from '../../../src/services/dialer/plan-from-campaign.ts';

const csv = readFileSync(join(import.meta.dirname, '../../fixtures/csv/accounts-mixed.csv'), 'utf8');

afterAll(dropTestSchemas);

describe.each(sqlBackends)('REST API campaigns and imports on $name', (backend) => {
  let sql: Sql;
  let api: TestApi;
  beforeAll(async () => {
    sql = await backend.open();
    api = await makeApi(sql, { liveStats: (campaignId) => ({ campaignId, linesInUse: 7 }) });
  });
  afterAll(async () => {
    await api.app.close();
    await sql.close();
  });

  const post = (url: string, payload?: unknown) =>
    api.app.inject({
      method: 'POST',
      url,
      headers: auth('ops'),
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('walks a campaign through start, pause, resume, stop; an illegal step is 409 and changes nothing', async () => {
    const created = await post('/campaigns', campaignBody());
    expect(created.statusCode).toBe(201);
    const { campaignId, status } = created.json<{ campaignId: string; status: string }>();
    expect(status).toBe('draft');
    const step = async (action: string) => {
      const r = await post(`/campaigns/${campaignId}/${action}`);
      return {
        code: r.statusCode,
        status: r.json<{ status?: string; code?: string }>().status,
        error: r.json<{ code?: string }>().code,
      };
    };
    expect(await step('pause')).toMatchObject({ code: 409, error: 'CAMPAIGN_TRANSITION_INVALID' });
    expect(await step('start')).toMatchObject({ code: 200, status: 'running' });
    expect(await step('start')).toMatchObject({ code: 409 });
    const editRunning = await api.app.inject({
      method: 'PATCH',
      url: `/campaigns/${campaignId}`,
      headers: auth('ops'),
      payload: { name: 'x' },
    });
    expect(editRunning.statusCode).toBe(409);
    expect(editRunning.json<Body>().code).toBe('CAMPAIGN_NOT_EDITABLE');
    expect(await step('pause')).toMatchObject({ code: 200, status: 'paused' });
    const edit = await api.app.inject({
      method: 'PATCH',
      url: `/campaigns/${campaignId}`,
      headers: auth('ops'),
      payload: { filter: { daysPastDue: { min: 31, max: 90 } } },
    });
    expect(edit.json<Body>()).toMatchObject({
      status: 'paused',
      name: 'Early stage EN',
      filter: { daysPastDue: { min: 31, max: 90 } },
    });
    expect(await step('resume')).toMatchObject({ code: 200, status: 'running' });
    expect(await step('stop')).toMatchObject({ code: 200, status: 'stopped' });
    expect(await step('resume')).toMatchObject({ code: 409 });
    expect(await step('start')).toMatchObject({ code: 409 });
    const got = await api.app.inject({
      method: 'GET',
      url: `/campaigns/${campaignId}`,
      headers: auth('compliance'),
    });
    expect(got.json<Body>().status).toBe('stopped');
    const stopped = await api.app.inject({
      method: 'GET',
      url: '/campaigns?status=stopped',
      headers: auth('ops'),
    });
    expect(
      stopped.json<{ campaigns: Array<{ campaignId: string }> }>().campaigns.map((c) => c.campaignId),
    ).toContain(campaignId);
    const actions = await sql.query<{ action: string }>(
      'SELECT action FROM audit_log WHERE target = $1 ORDER BY audit_id',
      [campaignId],
    );
    expect(actions.map((a) => a.action)).toEqual([
      'campaign.create',
      'campaign.start',
      'campaign.pause',
      'campaign.update',
      'campaign.resume',
      'campaign.stop',
    ]);
    expect((await post('/campaigns/nope/start')).statusCode).toBe(404);
  });

  it('shows a campaign\'s work list in dialling order, filtered like the dialer, to ops but not to agents', async () => {
    const tag = `WL-${backend.name}`;
    const { campaignId } = (
      await post('/campaigns', campaignBody({ filter: { states: ['NV'], daysPastDue: { min: 60 } } }))
    ).json<{ campaignId: string }>();
    const mk = (suffix: string, state: string, daysPastDue: number, balanceMinor: number) =>
      post(
        '/accounts',
        accountBody({
          accountExternalId: `${tag}-${suffix}`,
          state,
          postalCode: state === 'NV' ? '89101' : '94103',
          debts: [{ externalId: `${tag}-${suffix}-D`, balanceMinor, currency: 'USD', daysPastDue }],
        }),
      );
    for (const r of await Promise.all([
      mk('low', 'NV', 90, 10_000),
      mk('high', 'NV', 90, 90_000),
      mk('older', 'NV', 200, 5_000),
      mk('early', 'NV', 30, 99_000),
      mk('elsewhere', 'CA', 300, 99_000),
    ]))
      expect(r.statusCode).toBe(201);
    const list = await api.app.inject({ method: 'GET', url: `/campaigns/${campaignId}/worklist?limit=10`, headers: auth('ops') });
    expect(list.statusCode).toBe(200);
    const accounts = list.json<{ accounts: { accountExternalId: string; phones: unknown[] }[] }>().accounts;
    expect(accounts.map((a) => a.accountExternalId)).toEqual([`${tag}-older`, `${tag}-high`, `${tag}-low`]);
    expect(accounts.every((a) => a.phones.length === 1)).toBe(true);
    const agent = await api.app.inject({ method: 'GET', url: `/campaigns/${campaignId}/worklist`, headers: auth('agent') });
    expect(agent.statusCode).toBe(403);
    const bad = await api.app.inject({ method: 'GET', url: `/campaigns/${campaignId}/worklist?limit=0`, headers: auth('ops') });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('limit');
  });

  it('keeps a predictive campaign\'s own abandonment target and agent threshold, and hands them to the dialer', async () => {
    const created = await post('/campaigns', campaignBody({ pacingMode: 'predictive', pacing: { targetAbandonment: 0.02, minAgentsForPredictive: 8 } }));
    expect(created.statusCode).toBe(201);
    const { campaignId, pacing } = created.json<{ campaignId: string; pacing: unknown }>();
    expect(pacing).toEqual({ targetAbandonment: 0.02, minAgentsForPredictive: 8 });
    const record = await getCampaign(sql, campaignId);
    const plan = planFromCampaign(record, loadConfig({ RECOLLECT_TRUNKS: 'lab:sofia/gateway/lab/{number}:100:10' }), () => {
      throw new Error('not dialling here');
    }, {});
    expect(plan.pacing).toEqual({ mode: 'predictive', targetAbandonment: 0.02, minAgentsForPredictive: 8 });
    // Unset, the defaults apply: 3 % and 4 agents.
    const plain = (await post('/campaigns', campaignBody({ pacingMode: 'predictive' }))).json<{ pacing: unknown }>();
    expect(plain.pacing).toEqual({ targetAbandonment: 0.03, minAgentsForPredictive: 4 });
  });

  it('reports stats from the attempt record plus the injected live figures', async () => {
    const { campaignId } = (await post('/campaigns', campaignBody())).json<{ campaignId: string }>();
    const { accountId } = (await post('/accounts', accountBody())).json<{ accountId: string }>();
    const attempt = (attemptId: string, status: string, disposition: string | null, answered: boolean) =>
      sql.query(
        `INSERT INTO attempts (attempt_id, campaign_id, account_id, number_e164, status, disposition, answered_at, ended_at)
         VALUES ($1, $2, $3, '+14155552671', $4, $5, ${answered ? 'now()' : 'NULL'}, ${status === 'ended' ? 'now()' : 'NULL'})`,
        [attemptId, campaignId, accountId, status, disposition],
      );
    await attempt(`${campaignId}-1`, 'ended', 'no_answer', false);
    await attempt(`${campaignId}-2`, 'ended', 'promise_to_pay', true);
    await attempt(`${campaignId}-3`, 'ringing', null, false);
    await attempt(`${campaignId}-4`, 'ended', 'abandoned', true);
    await sql.query(
      "INSERT INTO promises (promise_id, account_id, attempt_id, amount_minor, currency, due_date) VALUES ($1, $2, $3, 5000, 'USD', '2026-12-01')",
      [`${campaignId}-p`, accountId, `${campaignId}-2`],
    );
    const stats = (
      await api.app.inject({ method: 'GET', url: `/campaigns/${campaignId}/stats`, headers: auth('ops') })
    ).json<Body>();
    expect(stats).toEqual({
      campaignId,
      status: 'draft',
      attempts: { total: 4, inProgress: 1, answered: 2 },
      byDisposition: { abandoned: 1, no_answer: 1, open: 1, promise_to_pay: 1 },
      promises: { count: 1, amountMinorByCurrency: { USD: 5000 } },
      contacts: { rightParty: 1, answerRate: 2 / 3 },
      abandonment: {
        h1: { liveAnswers: 2, abandoned: 1, rate: 0.5 },
        h24: { liveAnswers: 2, abandoned: 1, rate: 0.5 },
        d30: { liveAnswers: 2, abandoned: 1, rate: 0.5 },
      },
      live: { campaignId, linesInUse: 7 },
    });
    const promises = (
      await api.app.inject({
        method: 'GET',
        url: `/promises?accountId=${accountId}`,
        headers: auth('compliance'),
      })
    ).json<Body>();
    expect(promises.promises).toMatchObject([
      { amountMinor: 5000, currency: 'USD', dueDate: '2026-12-01', status: 'open' },
    ]);
  });

  it('imports CSV sent as text/csv with per-row errors, and the same file again without duplicates', async () => {
    const send = () =>
      api.app.inject({
        method: 'POST',
        url: '/imports?source=nightly.csv',
        headers: { ...auth('ops'), 'content-type': 'text/csv' },
        payload: csv,
      });
    const first = await send();
    expect(first.statusCode).toBe(201);
    expect(first.json<Body>()).toMatchObject({
      source: 'nightly.csv',
      rowsTotal: 8,
      rowsOk: 4,
      rowsFailed: 4,
    });
    expect(first.json<Body>().errors).toContainEqual({ row: 7, field: 'first_name', reason: 'is required' });
    const second = (await send()).json<Body>();
    expect(second).toMatchObject({ rowsOk: 4, created: 0, updated: 4 });
    const [n] = await sql.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM accounts WHERE external_id LIKE 'A-%'",
    );
    expect(n?.n).toBe(3);
    const summary = await api.app.inject({
      method: 'GET',
      url: `/imports/${String(first.json<Body>().importId)}`,
      headers: auth('admin'),
    });
    expect(summary.json<Body>().rowsFailed).toBe(4);
    const audit = await sql.query<{ action: string }>('SELECT action FROM audit_log WHERE target = $1', [
      first.json<Body>().importId,
    ]);
    expect(audit).toEqual([{ action: 'import.create' }]);
  });

  it('imports JSON accounts, reporting each bad one by its position', async () => {
    const good = accountBody();
    const r = await post('/imports', {
      source: 'crm',
      accounts: [
        good,
        accountBody({ debts: [{ externalId: 'z', balanceMinor: 1.5, currency: 'USD', daysPastDue: 1 }] }),
      ],
    });
    expect(r.statusCode).toBe(201);
    expect(r.json<Body>()).toMatchObject({
      source: 'crm',
      rowsOk: 1,
      rowsFailed: 1,
      errors: [
        { row: 2, field: 'debts.0.balanceMinor', reason: expect.stringContaining('whole number') as unknown },
      ],
    });
    const envelope = await post('/imports', { accounts: [] });
    expect(envelope.json<Body>().problems).toMatchObject([{ field: 'body.accounts' }]);
    const wrongType = await api.app.inject({
      method: 'POST',
      url: '/imports',
      headers: { ...auth('ops'), 'content-type': 'text/plain' },
      payload: 'a,b',
    });
    expect(wrongType.statusCode).toBe(415);
  });
});
