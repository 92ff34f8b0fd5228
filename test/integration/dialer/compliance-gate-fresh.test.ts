import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComplianceContext } from '../../../src/adapters/compliance/compliance-context.ts';
import { selectDialCandidates, type DialCandidate } from '../../../src/adapters/db/repos/dialer-repo.ts';
import { createMemoryComplianceStore } from '../../../src/adapters/memory/memory-compliance-store.ts';
import type { Sql } from '../../../src/ports/sql.ts';
import { upsertAccount } from '../../../src/services/accounts/accounts-service.ts';
import { createCampaign } from '../../../src/services/campaigns/campaigns-service.ts';
import { createComplianceGate } from '../../../src/services/dialer/compliance-gate.ts';
import { dropTestSchemas, sqlBackends } from '../../helpers/sql-backends.ts';

afterAll(dropTestSchemas);

// Tuesday 15:00 in New York: inside every US calling window.
const NOW = Date.parse('2026-03-03T20:00:00Z');

/**
 * The dialer fetches candidates in batches; by the time one is dialled, another dialer's call may have
 * recorded a cease or marked the number bad. The gate must decide on the record as it is now.
 */
describe.each(sqlBackends)('compliance gate reads the account as stored at decision time ($name)', (backend) => {
  let sql: Sql;
  let candidate: DialCandidate;
  beforeAll(async () => {
    sql = await backend.open();
    const { accountId } = await upsertAccount(sql, {
      accountExternalId: `GATE-${backend.name}`, firstName: 'Ada', country: 'US', state: 'NY', postalCode: '10001',
      debts: [{ externalId: 'G-1', balanceMinor: 50_000, currency: 'USD', daysPastDue: 60 }],
      phones: [{ number: '(212) 555-0142', type: 'mobile', consent: true, consentSource: 'application', consentAt: '2025-01-15' }],
    });
    const c = await createCampaign(sql, { name: 'g', scriptId: 'collections-en', profile: 'us', pacingMode: 'agentless', callerIds: ['+14155550100'], trunks: ['lab'] });
    const [picked] = (await selectDialCandidates(sql, c.campaignId, c.filter, { exclude: [], limit: 50, maxAttempts: 6 })).filter((x) => x.accountId === accountId);
    candidate = picked!;
  });
  afterAll(async () => sql.close());

  const admit = () => createComplianceGate(sql, createMemoryComplianceStore(), buildComplianceContext()).admit(candidate, 'us', 'robot', `call-${Math.random()}`, NOW);

  it('allows the fresh candidate', async () => {
    expect((await admit()).decision.allowed).toBe(true);
  });

  it('refuses once a cease is stored after the batch was fetched (the candidate in hand still has no flag)', async () => {
    await sql.query(`UPDATE accounts SET flags = ARRAY['cease'] WHERE account_id = $1`, [candidate.accountId]);
    expect(candidate.flags).not.toContain('cease');
    const r = await admit();
    expect(r.decision.allowed).toBe(false);
    expect(r.decision.blockedBy).toContain('suppress.cease');
    await sql.query(`UPDATE accounts SET flags = '{}' WHERE account_id = $1`, [candidate.accountId]);
  });

  it('refuses once the number is marked bad after the batch was fetched', async () => {
    await sql.query(`UPDATE phones SET status = 'bad' WHERE phone_id = $1`, [candidate.phoneId]);
    const r = await admit();
    expect(r.decision.allowed).toBe(false);
    expect(r.decision.blockedBy.length).toBeGreaterThan(0);
    await sql.query(`UPDATE phones SET status = 'ok' WHERE phone_id = $1`, [candidate.phoneId]);
  });
});
