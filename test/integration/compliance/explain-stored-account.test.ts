import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComplianceContext } from '../../../src/adapters/compliance/compliance-context.ts';
import { summarizeStoredAccounts } from '../../../src/adapters/compliance/account-summary.ts';
import { AccountNotFoundError, loadAccountCases } from '../../../src/adapters/compliance/sql-compliance-cases.ts';
import { openSql } from '../../../src/adapters/db/open-sql.ts';
import { decide } from '../../../src/domain/compliance/decide.ts';
import { explainDecision } from '../../../src/domain/compliance/report.ts';
import type { Sql } from '../../../src/ports/sql.ts';

/** `recollect explain --account` reads the system of record (PGlite in memory, same migrations as production). */
let sql: Sql;
const ctx = buildComplianceContext();
const AT = Date.parse('2026-03-10T18:00:00Z'); // 12:00 in Denver

beforeAll(async () => {
  sql = await openSql({ databaseUrl: undefined, dataDir: '', inMemory: true });
  await sql.query(
    "INSERT INTO accounts (account_id, external_id, first_name, country, state, postal_code, flags, blocked_windows) VALUES ('acc-1', 'X1', 'Ann', 'US', 'CO', '80202', '{}', $1::jsonb)",
    [JSON.stringify([{ days: ['sat', 'sun'], start: '08:00', end: '21:00' }])],
  );
  await sql.query("INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ('debt-1', 'acc-1', 'L1', 12000, 'USD'), ('debt-2', 'acc-1', 'L2', 5000, 'USD')");
  await sql.query("INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent) VALUES ('ph-1', 'acc-1', '+13035551234', 'mobile', true), ('ph-2', 'acc-1', '+13035550000', 'landline', false)");
  // A conversation about debt-1 two days ago: quiet for that debt only.
  await sql.query("INSERT INTO contact_events (contact_id, account_id, debt_ids, phone_e164, occurred_at, kind, outcome) VALUES ('ce-1', 'acc-1', '{debt-1}', '+13035551234', '2026-03-08T17:00:00Z', 'call', 'conversation')");
});

afterAll(async () => {
  await sql.close();
});

describe('explain a stored account', () => {
  it('builds one case per open debt and phone and explains each in words', async () => {
    const cases = await loadAccountCases(sql, 'acc-1', AT);
    expect(cases.map((c) => `${c.debtId ?? ''} ${c.numberE164}`).sort()).toEqual(['debt-1 +13035550000', 'debt-1 +13035551234', 'debt-2 +13035550000', 'debt-2 +13035551234']);
    const words = (debtId: string, number: string): string[] => {
      const sc = cases.find((c) => c.debtId === debtId && c.numberE164 === number);
      if (!sc) throw new Error('case missing');
      return explainDecision({ accountId: 'acc-1', debtId, atMs: AT }, decide(sc.complianceCase, AT, ctx));
    };
    const quiet = words('debt-1', '+13035551234');
    expect(quiet[0]).toMatch(/may not be called/);
    expect(quiet.join('\n')).toMatch(/Blocked by regf\.quiet: .*2026-03-15T17:00:00/);
    expect(words('debt-2', '+13035551234')[0]).toMatch(/may be called at 2026-03-10T18:00:00Z/);
  });

  it('reads the stored consumer-blocked windows (weekends) and moves the next opening to Monday', async () => {
    const cases = await loadAccountCases(sql, 'acc-1', Date.parse('2026-03-14T18:00:00Z'));
    const sc = cases.find((c) => c.debtId === 'debt-2' && c.numberE164 === '+13035551234');
    if (!sc) throw new Error('case missing');
    const d = decide(sc.complianceCase, Date.parse('2026-03-14T18:00:00Z'), ctx);
    expect(d.blockedBy).toEqual(['consumer.blocked']);
    expect(d.nextEligibleAtMs).toBe(Date.parse('2026-03-16T14:00:00Z')); // Mon 08:00 MDT
  });

  it('reads blocked windows in the shape imports store them ({days, startMinute, endMinute})', async () => {
    await sql.query(
      "INSERT INTO accounts (account_id, external_id, first_name, country, state, postal_code, flags, blocked_windows) VALUES ('acc-w', 'XW', 'Wu', 'US', 'CO', '80202', '{}', $1::jsonb)",
      [JSON.stringify([{ days: ['tue'], startMinute: 9 * 60, endMinute: 17 * 60 }])],
    );
    await sql.query("INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ('debt-w', 'acc-w', 'LW', 1000, 'USD')");
    await sql.query("INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent) VALUES ('ph-w', 'acc-w', '+13035557777', 'mobile', true)");
    const [sc] = await loadAccountCases(sql, 'acc-w', AT);
    const d = decide(sc!.complianceCase, AT, ctx); // Tuesday 12:00 in Denver: inside the "at work" window
    expect(d.blockedBy).toEqual(['consumer.blocked']);
    expect(d.nextEligibleAtMs).toBe(Date.parse('2026-03-10T23:00:00Z')); // 17:00 MDT (UTC-6 since 8 March)
    await sql.query("DELETE FROM phones WHERE account_id = 'acc-w'");
    await sql.query("DELETE FROM debts WHERE account_id = 'acc-w'");
    await sql.query("DELETE FROM accounts WHERE account_id = 'acc-w'");
  });

  it('summarises stored accounts per blocking rule for operators', async () => {
    await sql.query("INSERT INTO accounts (account_id, external_id, first_name, country, state, flags) VALUES ('acc-2', 'X2', 'Bo', 'US', 'CO', '{cease}'), ('acc-3', 'X3', 'Cy', 'US', 'CO', '{}')");
    await sql.query("INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent) VALUES ('ph-3', 'acc-2', '+13035552222', 'mobile', true)");
    const summary = await summarizeStoredAccounts(sql, ctx, AT, 100);
    // acc-1 callable (debt-2), acc-2 ceased, acc-3 has no phone at all.
    expect(summary).toEqual({ total: 3, allowed: 1, byRule: { 'suppress.cease': 1, 'phone.none': 1 } });
  });

  it('an unknown account is a clear error', async () => {
    await expect(loadAccountCases(sql, 'nope', AT)).rejects.toBeInstanceOf(AccountNotFoundError);
  });
});
