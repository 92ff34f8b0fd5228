import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../../src/ports/sql.ts';
import { upsertAccount } from '../../../src/services/accounts/accounts-service.ts';
import { createCampaign } from '../../../src/services/campaigns/campaigns-service.ts';
import { selectCampaignAccounts } from '../../../src/services/campaigns/select-campaign-accounts.ts';
import { selectDialCandidates } from '../../../src/adapters/db/repos/dialer-repo.ts';
import { dropTestSchemas, sqlBackends } from '../../helpers/sql-backends.ts';

afterAll(dropTestSchemas);

interface Seed {
  readonly ext: string;
  readonly debts: ReadonlyArray<readonly [dpd: number, balanceMinor: number]>;
  readonly country?: string;
  readonly flags?: string[];
  readonly phone?: string;
}

const seeds: Seed[] = [
  { ext: 'S-A', debts: [[120, 5_000]] },
  {
    ext: 'S-B',
    debts: [
      [120, 9_000],
      [10, 100_000],
    ],
  }, // the 10-day debt is outside the filter
  { ext: 'S-C', debts: [[200, 1_000]], flags: ['cease'] },
  { ext: 'S-D', debts: [[60, 70_000]] },
  { ext: 'S-E', debts: [[30, 80_000]] },
  { ext: 'S-F', debts: [[90, 1_000]] }, // its only phone is marked bad below
  { ext: 'S-G', debts: [[90, 1_000]], country: 'CN', phone: '138 1234 5678' },
  { ext: 'S-H', debts: [[100, 1_000]] }, // already attempted to the limit below
];

describe.each(sqlBackends)('selectCampaignAccounts on $name', (backend) => {
  let sql: Sql;
  const ids = new Map<string, string>();
  beforeAll(async () => {
    sql = await backend.open();
    for (const s of seeds) {
      const { accountId } = await upsertAccount(sql, {
        accountExternalId: s.ext,
        firstName: 'Test',
        country: s.country ?? 'US',
        ...(s.country === 'CN' ? { province: 'Guangdong' } : { state: 'CA' }),
        flags: s.flags ?? [],
        debts: s.debts.map(([dpd, balanceMinor], i) => ({
          externalId: `${s.ext}-${i}`,
          balanceMinor,
          currency: s.country === 'CN' ? 'CNY' : 'USD',
          daysPastDue: dpd,
        })),
        phones: [{ number: s.phone ?? '(415) 555-2671' }],
      });
      ids.set(s.ext, accountId);
    }
    await sql.query("UPDATE phones SET status = 'bad' WHERE account_id = $1", [ids.get('S-F')]);
  });
  afterAll(async () => {
    await sql.close();
  });

  const campaign = (filter: Record<string, unknown>) =>
    createCampaign(sql, {
      name: 'sel',
      scriptId: 'collections-en',
      profile: 'us',
      pacingMode: 'predictive',
      callerIds: ['+14155550100'],
      trunks: ['lab'],
      filter,
      retryRules: { maxAttemptsPerAccount: 2 },
    });

  it('selects by filter, leaves out suppressed, uncallable and exhausted accounts, and orders by days past due then balance', async () => {
    const c = await campaign({ daysPastDue: { min: 31 }, countries: ['US'] });
    for (const n of [1, 2]) {
      await sql.query(
        "INSERT INTO attempts (attempt_id, campaign_id, account_id, number_e164, status, disposition) VALUES ($1, $2, $3, '+14155552671', 'ended', 'no_answer')",
        [`${c.campaignId}-h${n}`, c.campaignId, ids.get('S-H')],
      );
    }
    const picked = await selectCampaignAccounts(sql, c, 10);
    expect(picked.map((p) => p.accountExternalId)).toEqual(['S-B', 'S-A', 'S-D']);
    const b = picked[0]!;
    expect(b.debts.map((d) => [d.daysPastDue, d.balanceMinor])).toEqual([[120, 9_000]]);
    expect(b).toMatchObject({
      maxDaysPastDue: 120,
      totalBalanceMinor: 9_000,
      phones: [{ numberE164: '+14155552671', status: 'ok' }],
    });
    expect(await selectCampaignAccounts(sql, c, 2)).toHaveLength(2);
    expect(
      (await selectCampaignAccounts(sql, c, 10, { excludeAccountIds: [b.accountId] })).map(
        (p) => p.accountExternalId,
      ),
    ).toEqual(['S-A', 'S-D']);
  });

  it('filters by balance range, jurisdiction and last outcome', async () => {
    const rich = await campaign({ balanceMinor: { min: 60_000 }, currency: 'USD' });
    // S-B qualifies by its 10-day debt only, so it ranks by that debt's days past due, not its 120-day one.
    expect(
      (await selectCampaignAccounts(sql, rich, 10)).map((p) => [p.accountExternalId, p.maxDaysPastDue]),
    ).toEqual([
      ['S-D', 60],
      ['S-E', 30],
      ['S-B', 10],
    ]);
    const cn = await campaign({ countries: ['CN'], provinces: ['Guangdong'] });
    expect((await selectCampaignAccounts(sql, cn, 10)).map((p) => p.accountExternalId)).toEqual(['S-G']);
    const retry = await campaign({ lastOutcome: ['no_answer'] });
    expect((await selectCampaignAccounts(sql, retry, 10)).map((p) => p.accountExternalId)).toEqual(['S-H']);
    const fresh = await campaign({ lastOutcome: ['never_called'], daysPastDue: { min: 100 } });
    expect((await selectCampaignAccounts(sql, fresh, 10)).map((p) => p.accountExternalId)).toEqual([
      'S-B',
      'S-A',
    ]);
  });

  it('leaves out accounts still inside their retry delay, unless the callback they asked for is due', async () => {
    const c = await campaign({ countries: ['US'], daysPastDue: { min: 31 } });
    const now = Date.parse('2026-11-23T15:00:00Z');
    const attempt = (ext: string, minutesAgo: number, disposition: string) =>
      sql.query(
        "INSERT INTO attempts (attempt_id, campaign_id, account_id, number_e164, status, disposition, created_at, ended_at) VALUES ($1, $2, $3, '+14155552671', 'ended', $4, $5, $5)",
        [`${c.campaignId}-${ext}`, c.campaignId, ids.get(ext), disposition, new Date(now - minutesAgo * 60_000)],
      );
    await attempt('S-B', 5, 'busy'); // busy waits 10 min: not yet
    await attempt('S-A', 15, 'busy'); // 15 min ago: eligible again
    await attempt('S-D', 60, 'no_answer'); // no answer waits 120 min, but the debtor asked for a callback now
    await sql.query("INSERT INTO callbacks (callback_id, account_id, due_at) VALUES ($1, $2, $3)", [
      `${c.campaignId}-cb`,
      ids.get('S-D'),
      new Date(now - 60_000),
    ]);
    const retry = { nowMs: now, delayMsByDisposition: { busy: 10 * 60_000, no_answer: 120 * 60_000 }, defaultDelayMs: 24 * 3600_000 };
    // Only the three accounts set up here (others of this schema were attempted by earlier tests).
    const mine = new Set(['S-A', 'S-B', 'S-D'].map((e) => ids.get(e)));
    const pick = async (r?: typeof retry) =>
      (await selectDialCandidates(sql, c.campaignId, c.filter, { exclude: [], limit: 10, maxAttempts: 5, ...(r ? { retry: r } : {}) }))
        .map((x) => x.accountId)
        .filter((id) => mine.has(id));
    expect(await pick(retry)).toEqual([ids.get('S-A'), ids.get('S-D')]);
    // Without the pre-filter every account comes back (the runner then checks each delay itself).
    expect(await pick()).toEqual([ids.get('S-B'), ids.get('S-A'), ids.get('S-D')]);
    // Twenty minutes later the busy one is due too; the callback is done and S-D waits out its no-answer delay.
    await sql.query("UPDATE callbacks SET status = 'done' WHERE callback_id = $1", [`${c.campaignId}-cb`]);
    expect(await pick({ ...retry, nowMs: now + 20 * 60_000 })).toEqual([ids.get('S-B'), ids.get('S-A')]);
  });
});
