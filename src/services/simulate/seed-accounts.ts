import type { Sql } from '../../ports/sql.ts';

/** Bulk-creates plain accounts (one debt, one mobile phone each) for a pacing simulation, in SQL. */
export async function seedSimulationAccounts(sql: Sql, count: number): Promise<void> {
  await sql.query(
    `INSERT INTO accounts (account_id, external_id, first_name, last_name, ssn_last4, country, state, postal_code)
     SELECT 'sim-' || i, 'sim-' || i, 'Pat', 'Doe', '1234', 'US', 'NY', '10001' FROM generate_series(1, $1::int) AS i`,
    [count],
  );
  await sql.query(
    `INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency, days_past_due)
     SELECT 'sim-d-' || i, 'sim-' || i, 'd', 10000 + i, 'USD', 30 + (i % 90) FROM generate_series(1, $1::int) AS i`,
    [count],
  );
  await sql.query(
    `INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent)
     SELECT 'sim-p-' || i, 'sim-' || i, '+1212' || lpad((2000000 + i)::text, 7, '0'), 'mobile', true FROM generate_series(1, $1::int) AS i`,
    [count],
  );
}
