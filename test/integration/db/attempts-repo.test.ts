import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttemptsRepo, type AttemptOutcome } from '../../../src/adapters/db/repos/attempts-repo.ts';
import type { Sql } from '../../../src/ports/sql.ts';
import { dropTestSchemas, sqlBackends } from '../../helpers/sql-backends.ts';

afterAll(dropTestSchemas);

const base: AttemptOutcome = {
  endedAt: new Date('2026-03-02T15:05:00Z'),
  disposition: 'promise_to_pay',
  hangupCause: 'NORMAL_CLEARING',
  q850Code: 16,
  sipStatus: 200,
  amdResult: 'human',
  contactOutcome: 'conversation',
  debtIds: ['d1'],
};

describe.each(sqlBackends)('attempt records on $name', (backend) => {
  let sql: Sql;
  let n = 0;
  beforeAll(async () => {
    sql = await backend.open();
  });
  afterAll(async () => sql.close());

  async function seedAttempt(): Promise<{ attemptId: string; accountId: string }> {
    n += 1;
    const accountId = `a${n}`;
    await sql.query(`INSERT INTO accounts (account_id, external_id, first_name) VALUES ($1, $1, 'Ann')`, [accountId]);
    await sql.query(`INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ($1, $2, 'x', 50000, 'USD')`, [`d${n}`, accountId]);
    await sql.query(`INSERT INTO phones (phone_id, account_id, number_e164) VALUES ($1, $2, '+12085550123')`, [`p${n}`, accountId]);
    const repo = createAttemptsRepo(sql);
    const attemptId = `t${n}`;
    await repo.createAttempt({ attemptId, campaignId: undefined, accountId, debtId: `d${n}`, phoneId: `p${n}`, numberE164: '+12085550123', decisionId: undefined, callerId: '15550001111', dialerId: 'dialer-a', trunk: 'lab', channel: 'robot', createdAt: new Date() });
    return { attemptId, accountId };
  }

  it('keeps an attempt open through each step until it ends, so a restart can find it', async () => {
    const repo = createAttemptsRepo(sql);
    const { attemptId } = await seedAttempt();
    await repo.markDialing(attemptId, 'fs-uuid-1', 'fs1', new Date('2026-03-02T15:00:00Z'));
    await repo.markAnswered(attemptId, new Date('2026-03-02T15:00:10Z'));
    const open = (await repo.listOpenAttempts('dialer-a')).find((o) => o.attemptId === attemptId);
    expect(open).toMatchObject({ fsUuid: 'fs-uuid-1', fsNode: 'fs1', status: 'answered' });
  });

  it('stores the whole outcome at once: disposition, contact event, promise, suppression flag', async () => {
    const repo = createAttemptsRepo(sql);
    const { attemptId, accountId } = await seedAttempt();
    await repo.appendTurn(attemptId, { turnNo: 1, occurredAt: new Date(), prompt: 'Hello', heard: 'I can pay 200 Friday', intent: 'promise_to_pay', confidence: 0.9 });
    const ok = await repo.endAttempt(attemptId, {
      ...base,
      promise: { promiseId: `pr-${attemptId}`, amountMinor: 20000, currency: 'USD', dueDate: '2026-03-06' },
      accountFlags: ['dispute'],
    });
    expect(ok).toBe(true);
    const [promise] = await sql.query(`SELECT amount_minor, currency, due_date::text AS due FROM promises WHERE attempt_id = $1`, [attemptId]);
    expect(promise).toEqual({ amount_minor: '20000', currency: 'USD', due: '2026-03-06' });
    const [account] = await sql.query<{ flags: string[] }>(`SELECT flags FROM accounts WHERE account_id = $1`, [accountId]);
    expect(account?.flags).toEqual(['dispute']);
    const contacts = await sql.query(`SELECT outcome FROM contact_events WHERE attempt_id = $1`, [attemptId]);
    expect(contacts).toEqual([{ outcome: 'conversation' }]);
    expect(await repo.endAttempt(attemptId, base)).toBe(false); // a second end changes nothing
  });

  it('writes nothing when part of the outcome is invalid, and the attempt stays open', async () => {
    const repo = createAttemptsRepo(sql);
    const { attemptId } = await seedAttempt();
    await expect(
      repo.endAttempt(attemptId, { ...base, promise: { promiseId: `bad-${attemptId}`, amountMinor: 0, currency: 'USD', dueDate: undefined } }),
    ).rejects.toThrow();
    expect((await repo.listOpenAttempts()).map((o) => o.attemptId)).toContain(attemptId);
    expect(await sql.query(`SELECT 1 FROM contact_events WHERE attempt_id = $1`, [attemptId])).toEqual([]);
  });

  it('marks a wrong number bad so it is not dialled again', async () => {
    const repo = createAttemptsRepo(sql);
    const { attemptId } = await seedAttempt();
    await repo.endAttempt(attemptId, { ...base, disposition: 'wrong_number', phoneStatus: 'bad' });
    const [phone] = await sql.query(`SELECT status FROM phones WHERE phone_id = (SELECT phone_id FROM attempts WHERE attempt_id = $1)`, [attemptId]);
    expect(phone).toEqual({ status: 'bad' });
  });
});
