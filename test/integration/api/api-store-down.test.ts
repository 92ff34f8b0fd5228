import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreUnavailableError, type Sql } from '../../../src/ports/sql.ts';
import { auth, makeApi, type Body, type TestApi } from './api-helpers.ts';

/** A store that is down: every query fails the way the PostgreSQL adapter reports a lost server. */
const downSql: Sql = {
  kind: 'postgres',
  query: () => Promise.reject(new StoreUnavailableError('PostgreSQL unavailable: connect ECONNREFUSED')),
  transaction: () =>
    Promise.reject(new StoreUnavailableError('PostgreSQL unavailable: connect ECONNREFUSED')),
  close: () => Promise.resolve(),
};

describe('REST API with the store down', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await makeApi(downSql);
  });
  afterAll(async () => {
    await api.app.close();
  });

  it('reports 503 (retryable) on /healthz and on data routes, without leaking the driver message', async () => {
    const health = await api.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(503);
    const search = await api.app.inject({ method: 'GET', url: '/accounts', headers: auth('ops') });
    expect(search.statusCode).toBe(503);
    expect(search.json<Body>()).toMatchObject({ code: 'STORE_UNAVAILABLE', message: 'internal error' });
    expect(api.logLines.join('')).toMatch(/"errCode":"STORE_UNAVAILABLE"/);
  });
});
