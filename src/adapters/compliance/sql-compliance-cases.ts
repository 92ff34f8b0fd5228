import type { Sql, SqlRow } from '../../ports/sql.ts';
import { parseCaseLine } from '../../domain/compliance/parse-case.ts';
import type { ComplianceCase } from '../../domain/compliance/types.ts';

/**
 * Builds compliance cases for a stored account from the system of record (migration 0001: accounts, debts,
 * phones, contact_events, attempts). One case per open debt and phone, because the caps are per debt and
 * the window and consent per number. The rows are turned into the batch input contract and validated by the
 * same parser, so a stored record and a what-if line can never be read differently.
 *
 * Read choices (stricter where the data is ambiguous):
 * - open attempts (status <> 'ended', including 'reserved') count as calls with an unknown outcome;
 * - a phone whose status is 'dnc', 'opted_out' or 'bad' is treated as do-not-call.
 */
export class AccountNotFoundError extends Error {
  readonly code = 'ACCOUNT_NOT_FOUND';
  readonly retryable = false;
}

export class StoredRecordUnreadableError extends Error {
  readonly code = 'STORED_RECORD_UNREADABLE';
  readonly retryable = false;
}

export interface StoredCase {
  readonly debtId: string | undefined;
  readonly numberE164: string;
  readonly complianceCase: ComplianceCase;
}

const HISTORY_DAYS = 31; // the longest cap period (TCPA 30 days) plus a day
const iso = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : new Date(v as string | Date).toISOString());
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

const hhmm = (minute: number): string => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * Accounts store blocked windows as {days, startMinute, endMinute} (imports, API); the case format reads
 * "HH:MM". Anything else is passed through, so the case parser names what it cannot read.
 */
function asInputWindows(stored: unknown): unknown {
  if (!Array.isArray(stored)) return stored ?? [];
  return stored.map((w: unknown) => {
    const o = w as { startMinute?: unknown; endMinute?: unknown; days?: unknown };
    return typeof o?.startMinute === 'number' && typeof o.endMinute === 'number' ? { days: o.days, start: hhmm(o.startMinute), end: hhmm(o.endMinute) } : w;
  });
}

/**
 * The account's contact history as the engine reads it: contact events of the last 31 days plus attempts
 * still open (unknown outcome). The dial gate and `explain` both read it here, so what compliance staff are
 * shown is what the dialer decided on.
 */
export async function loadCaseHistory(sql: Sql, accountId: string, atMs: number): Promise<object[]> {
  const sinceIso = new Date(atMs - HISTORY_DAYS * 86_400_000).toISOString();
  const [contacts, open] = await Promise.all([
    sql.query('SELECT occurred_at, kind, outcome, phone_e164, debt_ids, attempt_id FROM contact_events WHERE account_id = $1 AND occurred_at > $2', [accountId, sinceIso]),
    sql.query("SELECT attempt_id, created_at, number_e164, debt_id FROM attempts WHERE account_id = $1 AND status <> 'ended' AND created_at > $2", [accountId, sinceIso]),
  ]);
  return [
    ...contacts.map((r) => ({ at: iso(r['occurred_at']), kind: text(r['kind']), outcome: text(r['outcome']), phone: text(r['phone_e164']), debtIds: list(r['debt_ids']), callId: text(r['attempt_id']) })),
    ...open.map((r) => ({ at: iso(r['created_at']), kind: 'call', phone: text(r['number_e164']), debtIds: text(r['debt_id']) !== undefined ? [text(r['debt_id']) as string] : undefined, callId: text(r['attempt_id']) })),
  ];
}

export async function loadAccountCases(sql: Sql, accountId: string, atMs: number): Promise<StoredCase[]> {
  const [account] = await sql.query('SELECT account_id, country, state, province, postal_code, flags, blocked_windows FROM accounts WHERE account_id = $1', [accountId]);
  if (account === undefined) throw new AccountNotFoundError(`no account with accountId ${accountId}`);
  const [debts, phones, history] = await Promise.all([
    sql.query("SELECT debt_id FROM debts WHERE account_id = $1 AND status = 'open' ORDER BY debt_id", [accountId]),
    sql.query('SELECT number_e164, phone_type, consent, status FROM phones WHERE account_id = $1 ORDER BY priority, number_e164', [accountId]),
    loadCaseHistory(sql, accountId, atMs),
  ]);
  const debtIds = debts.length > 0 ? debts.map((d) => String(d['debt_id'])) : [undefined];
  const fields = storedAccountFields(account);
  const profile = fields.country === 'CN' ? 'cn' : 'us';
  return debtIds.flatMap((debtId) =>
    phones.map((p) => {
      const phone = storedPhoneFields(p);
      return { debtId, numberE164: phone.numberE164, complianceCase: storedCase({ profile, account: { ...fields, debtId }, phone, history }) };
    }),
  );
}

/** The account columns a compliance case reads, as stored. */
export interface StoredAccountFields {
  readonly accountId: string;
  readonly debtId?: string | undefined;
  readonly country: string | undefined;
  readonly state: string | undefined;
  readonly province: string | undefined;
  readonly postalCode: string | undefined;
  readonly flags: readonly string[];
  readonly blockedWindows: unknown;
}

/** The phone columns a compliance case reads, as stored. */
export interface StoredPhoneFields {
  readonly numberE164: string;
  readonly type: string | undefined;
  readonly consent: boolean;
  readonly status: string | undefined;
}

const storedPhoneFields = (p: SqlRow): StoredPhoneFields => ({
  numberE164: String(p['number_e164']),
  type: text(p['phone_type']),
  consent: p['consent'] === true,
  status: text(p['status']),
});

/**
 * One account and one of its phones as stored now (the dial gate's read: its candidate came from a batch
 * fetched minutes earlier). undefined when either is gone.
 */
export async function loadStoredParty(sql: Sql, accountId: string, phoneId: string): Promise<{ account: StoredAccountFields; phone: StoredPhoneFields } | undefined> {
  const [[a], [p]] = await Promise.all([
    sql.query('SELECT account_id, country, state, province, postal_code, flags, blocked_windows FROM accounts WHERE account_id = $1', [accountId]),
    sql.query('SELECT number_e164, phone_type, consent, status FROM phones WHERE phone_id = $1 AND account_id = $2', [phoneId, accountId]),
  ]);
  return a && p ? { account: storedAccountFields(a), phone: storedPhoneFields(p) } : undefined;
}

function storedAccountFields(account: SqlRow): StoredAccountFields {
  return {
    accountId: String(account['account_id']),
    country: text(account['country']),
    state: text(account['state']),
    province: text(account['province']),
    postalCode: text(account['postal_code']),
    flags: list(account['flags']),
    blockedWindows: account['blocked_windows'],
  };
}

/**
 * One stored account + phone + history as a compliance case, through the batch input parser (so a stored
 * record and a what-if line can never be read differently). A field the engine cannot read throws
 * StoredRecordUnreadableError naming it; callers treat that as "do not dial".
 */
export function storedCase(input: {
  readonly profile: string;
  readonly channel?: 'robot' | 'agent';
  readonly account: StoredAccountFields;
  readonly phone: StoredPhoneFields;
  readonly history: readonly object[];
}): ComplianceCase {
  const { account, phone } = input;
  const line = {
    profile: input.profile,
    ...(input.channel ? { channel: input.channel } : {}),
    account: { ...account, flags: [...account.flags], blockedWindows: asInputWindows(account.blockedWindows) },
    phone: { number: phone.numberE164, type: phone.type, consent: phone.consent, dnc: phone.status !== 'ok' },
    history: input.history,
  };
  const parsed = parseCaseLine(JSON.stringify(line));
  if (!parsed.ok) throw new StoredRecordUnreadableError(`account ${account.accountId} has a stored field the compliance engine cannot read: ${parsed.error}`);
  return parsed.value.complianceCase;
}
