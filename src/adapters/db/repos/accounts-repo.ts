import { randomUUID } from 'node:crypto';
import type { SqlQueryable, SqlRow } from '../../../ports/sql.ts';
import { iso, num, optIso, optNum, optStr, str } from './row-values.ts';

/**
 * Accounts with their debts, phones and notes. Writes are upserts keyed by the core system's external ids
 * so a re-import updates rather than duplicates; the caller runs them inside one transaction per account.
 */

export interface StoredPhone {
  readonly numberE164: string;
  readonly type: 'mobile' | 'landline' | 'unknown';
  readonly consent: boolean;
  readonly consentSource?: string | undefined;
  readonly consentAt?: string | undefined;
  readonly priority: number;
}

export interface AccountRecord {
  readonly accountExternalId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly dateOfBirth?: string | undefined;
  readonly language: 'en' | 'zh';
  readonly country: string;
  readonly state?: string | undefined;
  readonly province?: string | undefined;
  readonly postalCode?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly flags: readonly string[];
  readonly blockedWindows: readonly unknown[];
  readonly debts: ReadonlyArray<{
    readonly externalId: string;
    readonly creditor: string;
    readonly balanceMinor: number;
    readonly currency: string;
    readonly daysPastDue: number;
    readonly minimumPaymentMinor?: number | undefined;
    readonly dueDate?: string | undefined;
    readonly status: string;
  }>;
  readonly phones: readonly StoredPhone[];
  readonly notes: ReadonlyArray<{ readonly author: string; readonly body: string }>;
}

export interface DebtView {
  debtId: string;
  externalId: string;
  creditor: string;
  balanceMinor: number;
  currency: string;
  daysPastDue: number;
  minimumPaymentMinor: number | null;
  dueDate: string | null;
  status: string;
}
export interface PhoneView {
  phoneId: string;
  numberE164: string;
  type: string;
  consent: boolean;
  consentSource: string | null;
  consentAt: string | null;
  status: string;
  priority: number;
}
export interface NoteView {
  noteId: string;
  author: string;
  body: string;
  createdAt: string;
}
export interface AccountView {
  accountId: string;
  accountExternalId: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string | null;
  language: string;
  country: string;
  state: string | null;
  province: string | null;
  postalCode: string | null;
  timeZone: string | null;
  flags: string[];
  blockedWindows: unknown[];
  createdAt: string;
  updatedAt: string;
  debts: DebtView[];
  phones: PhoneView[];
  notes: NoteView[];
}

/**
 * Inserts or updates one account graph. Flags are merged, never dropped: a `cease` set by a call outcome
 * must survive a nightly re-import from a core system that has never heard of it. Phones keep their
 * status (a number marked bad stays bad). Identical notes are not added twice.
 */
export async function upsertAccountGraph(
  tx: SqlQueryable,
  a: AccountRecord,
): Promise<{ accountId: string; created: boolean }> {
  const [row] = await tx.query<{ account_id: string; created: boolean }>(
    `INSERT INTO accounts (account_id, external_id, first_name, last_name, date_of_birth, language, country, state, province,
       postal_code, time_zone, flags, blocked_windows)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (external_id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
       date_of_birth = EXCLUDED.date_of_birth, language = EXCLUDED.language, country = EXCLUDED.country, state = EXCLUDED.state,
       province = EXCLUDED.province, postal_code = EXCLUDED.postal_code, time_zone = EXCLUDED.time_zone,
       flags = ARRAY(SELECT DISTINCT unnest(accounts.flags || EXCLUDED.flags) ORDER BY 1),
       blocked_windows = EXCLUDED.blocked_windows, updated_at = now()
     RETURNING account_id, (xmax = 0) AS created`,
    [
      randomUUID(),
      a.accountExternalId,
      a.firstName,
      a.lastName,
      a.dateOfBirth ?? null,
      a.language,
      a.country,
      a.state ?? null,
      a.province ?? null,
      a.postalCode ?? null,
      a.timeZone ?? null,
      [...a.flags],
      JSON.stringify(a.blockedWindows),
    ],
  );
  if (!row) throw new Error('upsert returned no row');
  const accountId = row.account_id;
  for (const d of a.debts) {
    await tx.query(
      `INSERT INTO debts (debt_id, account_id, external_id, creditor, balance_minor, minimum_payment_minor, currency, days_past_due, due_date, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (account_id, external_id) DO UPDATE SET creditor = EXCLUDED.creditor, balance_minor = EXCLUDED.balance_minor,
         minimum_payment_minor = EXCLUDED.minimum_payment_minor, currency = EXCLUDED.currency, days_past_due = EXCLUDED.days_past_due,
         due_date = EXCLUDED.due_date, status = EXCLUDED.status, updated_at = now()`,
      [
        randomUUID(),
        accountId,
        d.externalId,
        d.creditor,
        d.balanceMinor,
        d.minimumPaymentMinor ?? null,
        d.currency,
        d.daysPastDue,
        d.dueDate ?? null,
        d.status,
      ],
    );
  }
  for (const p of a.phones) {
    await tx.query(
      `INSERT INTO phones (phone_id, account_id, number_e164, phone_type, consent, consent_source, consent_at, priority)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (account_id, number_e164) DO UPDATE SET phone_type = EXCLUDED.phone_type, consent = EXCLUDED.consent,
         consent_source = EXCLUDED.consent_source, consent_at = EXCLUDED.consent_at, priority = EXCLUDED.priority`,
      [
        randomUUID(),
        accountId,
        p.numberE164,
        p.type,
        p.consent,
        p.consentSource ?? null,
        p.consentAt ?? null,
        p.priority,
      ],
    );
  }
  for (const n of a.notes) await insertNote(tx, accountId, n.author, n.body, true);
  return { accountId, created: row.created };
}

export async function insertNote(
  q: SqlQueryable,
  accountId: string,
  author: string,
  body: string,
  skipDuplicate = false,
): Promise<string> {
  const noteId = randomUUID();
  const dup = skipDuplicate
    ? 'AND NOT EXISTS (SELECT 1 FROM notes WHERE account_id = $2 AND author = $3 AND body = $4)'
    : '';
  await q.query(
    `INSERT INTO notes (note_id, account_id, author, body) SELECT $1, $2, $3, $4 WHERE true ${dup}`,
    [noteId, accountId, author, body],
  );
  return noteId;
}

const accountColumnsOf = (a: string): string =>
  `${a}.account_id, ${a}.external_id, ${a}.first_name, ${a}.last_name, ${a}.date_of_birth::text AS date_of_birth, ${a}.language,
   ${a}.country, ${a}.state, ${a}.province, ${a}.postal_code, ${a}.time_zone, ${a}.flags, ${a}.blocked_windows, ${a}.created_at, ${a}.updated_at`;

function toAccount(r: SqlRow): Omit<AccountView, 'debts' | 'phones' | 'notes'> {
  return {
    accountId: str(r['account_id']),
    accountExternalId: str(r['external_id']),
    firstName: str(r['first_name']),
    lastName: str(r['last_name']),
    dateOfBirth: optStr(r['date_of_birth']),
    language: str(r['language']),
    country: str(r['country']),
    state: optStr(r['state']),
    province: optStr(r['province']),
    postalCode: optStr(r['postal_code']),
    timeZone: optStr(r['time_zone']),
    flags: (r['flags'] as string[] | null) ?? [],
    blockedWindows: (r['blocked_windows'] as unknown[] | null) ?? [],
    createdAt: iso(r['created_at']),
    updatedAt: iso(r['updated_at']),
  };
}

export function toDebt(r: SqlRow): DebtView {
  return {
    debtId: str(r['debt_id']),
    externalId: str(r['external_id']),
    creditor: str(r['creditor']),
    balanceMinor: num(r['balance_minor']),
    currency: str(r['currency']),
    daysPastDue: num(r['days_past_due']),
    minimumPaymentMinor: optNum(r['minimum_payment_minor']),
    dueDate: optStr(r['due_date']),
    status: str(r['status']),
  };
}

export function toPhone(r: SqlRow): PhoneView {
  return {
    phoneId: str(r['phone_id']),
    numberE164: str(r['number_e164']),
    type: str(r['phone_type']),
    consent: r['consent'] === true,
    consentSource: optStr(r['consent_source']),
    consentAt: optIso(r['consent_at']),
    status: str(r['status']),
    priority: num(r['priority']),
  };
}

export const debtColumns = `debt_id, account_id, external_id, creditor, balance_minor, minimum_payment_minor, currency, days_past_due,
  due_date::text AS due_date, status`;
export const phoneColumns =
  'phone_id, account_id, number_e164, phone_type, consent, consent_source, consent_at, status, priority';

export async function getAccountView(q: SqlQueryable, accountId: string): Promise<AccountView | undefined> {
  const [row] = await q.query(`SELECT ${accountColumnsOf('a')} FROM accounts a WHERE a.account_id = $1`, [
    accountId,
  ]);
  if (!row) return undefined;
  const debts = await q.query(
    `SELECT ${debtColumns} FROM debts WHERE account_id = $1 ORDER BY days_past_due DESC, external_id`,
    [accountId],
  );
  const phones = await q.query(
    `SELECT ${phoneColumns} FROM phones WHERE account_id = $1 ORDER BY priority DESC, created_at`,
    [accountId],
  );
  const notes = await q.query(
    'SELECT note_id, author, body, created_at FROM notes WHERE account_id = $1 ORDER BY created_at, note_id',
    [accountId],
  );
  return {
    ...toAccount(row),
    debts: debts.map(toDebt),
    phones: phones.map(toPhone),
    notes: notes.map((n) => ({
      noteId: str(n['note_id']),
      author: str(n['author']),
      body: str(n['body']),
      createdAt: iso(n['created_at']),
    })),
  };
}

export interface AccountSearch {
  readonly accountExternalId?: string | undefined;
  readonly phoneE164?: string | undefined;
  readonly name?: string | undefined;
  readonly country?: string | undefined;
  readonly flag?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export type AccountSummary = Omit<AccountView, 'debts' | 'phones' | 'notes'> & {
  totalBalanceMinor: number;
  maxDaysPastDue: number;
};

export async function searchAccounts(q: SqlQueryable, s: AccountSearch): Promise<AccountSummary[]> {
  const rows = await q.query(
    `SELECT ${accountColumnsOf('a')},
       COALESCE((SELECT sum(balance_minor) FROM debts d WHERE d.account_id = a.account_id), 0)::bigint AS total_balance_minor,
       COALESCE((SELECT max(days_past_due) FROM debts d WHERE d.account_id = a.account_id), 0)::int AS max_days_past_due
     FROM accounts a
     WHERE ($1::text IS NULL OR a.external_id = $1)
       AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM phones p WHERE p.account_id = a.account_id AND p.number_e164 = $2))
       AND ($3::text IS NULL OR (a.first_name || ' ' || a.last_name) ILIKE '%' || $3 || '%')
       AND ($4::text IS NULL OR a.country = $4)
       AND ($5::text IS NULL OR $5 = ANY (a.flags))
     ORDER BY a.created_at, a.account_id
     LIMIT $6 OFFSET $7`,
    [
      s.accountExternalId ?? null,
      s.phoneE164 ?? null,
      s.name ?? null,
      s.country ?? null,
      s.flag ?? null,
      s.limit,
      s.offset,
    ],
  );
  return rows.map((r) => ({
    ...toAccount(r),
    totalBalanceMinor: num(r['total_balance_minor']),
    maxDaysPastDue: num(r['max_days_past_due']),
  }));
}

const patchColumns: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  language: 'language',
  country: 'country',
  state: 'state',
  province: 'province',
  postalCode: 'postal_code',
  timeZone: 'time_zone',
  flags: 'flags',
  blockedWindows: 'blocked_windows',
};

/** Applies a validated patch; returns false when no such account. Column names come from a fixed map. */
export async function patchAccount(
  q: SqlQueryable,
  accountId: string,
  patch: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const sets: string[] = [];
  const params: unknown[] = [accountId];
  for (const [field, value] of Object.entries(patch)) {
    const column = patchColumns[field];
    if (!column || value === undefined) continue;
    params.push(field === 'blockedWindows' ? JSON.stringify(value) : value);
    sets.push(`${column} = $${params.length}`);
  }
  const rows = await q.query(
    `UPDATE accounts SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE account_id = $1 RETURNING account_id`,
    params,
  );
  return rows.length > 0;
}
