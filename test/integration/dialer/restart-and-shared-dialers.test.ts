import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledClock } from '../../../src/adapters/clock/clocks.ts';
import { startLab, parsePopulation, type Lab } from '../../../src/lab/index.ts';
import type { Sql } from '../../../src/ports/sql.ts';
import { dropTestSchemas, sqlBackends, testDatabaseUrl, testRedisUrl } from '../../helpers/sql-backends.ts';
import { spawnDialer, waitFor, type DialerProcess } from '../../helpers/spawn-dialer.ts';

// 01:00 UTC on a Tuesday: inside the calling window in every US zone.
const START = '2026-11-24T01:00:00Z';
const SPEED = 5;

const postgres = sqlBackends.find((b) => b.name === 'postgres')!;

async function seed(sql: Sql, prefix: string, count: number, campaignId: string): Promise<string[]> {
  const numbers: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const accountId = `${prefix}-${i}`;
    const number = `+1212555${String(1000 + i + (prefix === 'b' ? 500 : 0))}`;
    numbers.push(number);
    await sql.query(`INSERT INTO accounts (account_id, external_id, first_name, last_name, ssn_last4, country, state, postal_code) VALUES ($1, $1, 'Pat', 'Doe', '1234', 'US', 'NY', '10001')`, [accountId]);
    await sql.query(`INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency, days_past_due) VALUES ($1, $2, 'd', 50000, 'USD', 60)`, [`${accountId}-d`, accountId]);
    await sql.query(`INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent) VALUES ($1, $2, $3, 'mobile', true)`, [`${accountId}-p`, accountId, number]);
  }
  await sql.query(
    `INSERT INTO campaigns (campaign_id, name, status, script_id, profile, pacing_mode, filter, caller_ids, trunks)
     VALUES ($1, $1, 'running', 'collections-en', 'us', 'agentless', '{}', '["+18005550100"]', '["lab"]')`,
    [campaignId],
  );
  return numbers;
}

describe('dialer processes over real PostgreSQL and Redis, against the lab', () => {
  let sql: Sql;
  let lab: Lab;
  let schema: string;
  const dialers: DialerProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    sql = await postgres.open();
    [{ schema }] = (await sql.query<{ schema: string }>('SELECT current_schema() AS schema')) as [{ schema: string }];
    // Callees answer and stay on the line silently: the robot re-prompts, so calls last a while.
    const population = parsePopulation(JSON.stringify({ seed: 3, targets: [{ prefix: '+1212555', answerAfterMs: 1000, turns: [{ silence: true }, { silence: true }, { silence: true }, { silence: true }] }] }));
    lab = await startLab({ eslPort: 0, population, clock: scaledClock(SPEED, Date.parse(START)), maxSessions: 100, sps: 50 });
    env = {
      RECOLLECT_DATABASE_URL: `${testDatabaseUrl}?options=-c%20search_path%3D${schema}`,
      RECOLLECT_REDIS_URL: testRedisUrl,
      RECOLLECT_FS_NODES: `fs1=127.0.0.1:${lab.eslPort}`,
      RECOLLECT_FS_NODE_MAX_LINES: '4',
      RECOLLECT_TRUNKS: 'lab:sofia/gateway/lab/{number}:4:5',
      RECOLLECT_LAB_CLOCK_START: START,
      RECOLLECT_LAB_CLOCK_SPEED: String(SPEED),
      RECOLLECT_RECORD_CALLS: 'false',
      RECOLLECT_REDIS_PREFIX: `recollect-test:${randomBytes(6).toString('hex')}:`,
    };
  });

  afterAll(async () => {
    await Promise.all(dialers.map((d) => d.kill('SIGKILL')));
    await lab?.close();
    await sql?.close();
    await dropTestSchemas();
  });

  it('a dialer killed mid-call leaves open attempts; on restart it settles them and dials nobody twice', async () => {
    const prefix = `r${randomBytes(3).toString('hex')}`;
    await seed(sql, 'a', 6, `camp-${prefix}`);
    const dialerId = `dialer-${prefix}`;
    const first = spawnDialer({ ...env, RECOLLECT_DIALER_ID: dialerId });
    dialers.push(first);
    await waitFor(async () => {
      const [r] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM attempts WHERE status = 'answered'`);
      return (r?.n ?? 0) >= 2 ? true : undefined;
    }, 60_000, 'answered calls');
    await first.kill('SIGKILL');
    const open = await sql.query<{ attempt_id: string; fs_uuid: string | null }>(`SELECT attempt_id, fs_uuid FROM attempts WHERE status <> 'ended'`);
    expect(open.length).toBeGreaterThanOrEqual(2);
    expect(lab.sessionCount()).toBeGreaterThanOrEqual(2); // the calls outlive the dead controller

    const second = spawnDialer({ ...env, RECOLLECT_DIALER_ID: dialerId });
    dialers.push(second);
    await waitFor(async () => {
      const rows = await sql.query(`SELECT 1 FROM attempts WHERE attempt_id = ANY($1) AND status <> 'ended'`, [open.map((o) => o.attempt_id)]);
      return rows.length === 0 ? true : undefined;
    }, 60_000, 'reconciliation');
    const settled = await sql.query<{ disposition: string; detail: { reconciled?: string } }>(`SELECT disposition, detail FROM attempts WHERE attempt_id = ANY($1)`, [open.map((o) => o.attempt_id)]);
    for (const s of settled) {
      expect(['hung_up', 'failed']).toContain(s.disposition);
      expect(s.detail.reconciled).toBeDefined();
    }
    // Give the restarted dialer time to dial again if it wrongly would, then check nobody was dialled twice.
    await new Promise((r) => setTimeout(r, 3000));
    const perAccount = await sql.query<{ account_id: string; n: number }>(`SELECT account_id, count(*)::int AS n FROM attempts WHERE account_id LIKE 'a-%' GROUP BY account_id`);
    for (const row of perAccount) expect(row.n).toBe(1);
    await second.kill('SIGTERM');
  }, 180_000);

  it('two dialers sharing Redis and PostgreSQL never exceed the shared line budget, and a campaign moves when its dialer dies', async () => {
    const prefix = `s${randomBytes(3).toString('hex')}`;
    await sql.query(`UPDATE campaigns SET status = 'stopped'`);
    await seed(sql, 'b', 12, `camp-${prefix}-1`);
    const d1 = spawnDialer({ ...env, RECOLLECT_DIALER_ID: `${prefix}-one` });
    const d2 = spawnDialer({ ...env, RECOLLECT_DIALER_ID: `${prefix}-two` });
    dialers.push(d1, d2);
    // Sample the switch's own session count while both run: never above the 4 shared lines.
    let maxSessions = 0;
    const sampler = setInterval(() => (maxSessions = Math.max(maxSessions, lab.sessionCount())), 10);
    try {
      const owner = await waitFor(async () => {
        const rows = await sql.query<{ dialer_id: string }>(`SELECT DISTINCT dialer_id FROM attempts WHERE account_id LIKE 'b-%'`);
        return rows[0]?.dialer_id;
      }, 60_000, 'first dial');
      // Kill the owner of the campaign: the other dialer takes the campaign over once the lease lapses.
      const [victim, survivor] = owner === `${prefix}-one` ? [d1, d2] : [d2, d1];
      await victim.kill('SIGKILL');
      const survivorId = owner === `${prefix}-one` ? `${prefix}-two` : `${prefix}-one`;
      await waitFor(async () => {
        const rows = await sql.query(`SELECT 1 FROM attempts WHERE dialer_id = $1 AND account_id LIKE 'b-%'`, [survivorId]);
        return rows.length > 0 ? true : undefined;
      }, 90_000, 'takeover by the surviving dialer');
      // Orphaned attempts of the dead dialer are settled by the survivor.
      await waitFor(async () => {
        const rows = await sql.query(`SELECT 1 FROM attempts WHERE dialer_id = $1 AND status <> 'ended'`, [owner]);
        return rows.length === 0 ? true : undefined;
      }, 90_000, 'orphaned attempts settled');
      await survivor.kill('SIGTERM');
    } finally {
      clearInterval(sampler);
    }
    expect(maxSessions).toBeGreaterThan(0);
    expect(maxSessions).toBeLessThanOrEqual(4);
    const congested = await sql.query(`SELECT 1 FROM attempts WHERE hangup_cause = 'SWITCH_CONGESTION'`);
    expect(congested).toEqual([]);
  }, 240_000);
});
