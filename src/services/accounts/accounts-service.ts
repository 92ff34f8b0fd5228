import type { Sql } from '../../ports/sql.ts';
import {
  getAccountView,
  insertNote,
  patchAccount as patchAccountRow,
  searchAccounts as searchAccountRows,
  upsertAccountGraph,
  type AccountRecord,
  type AccountSummary,
  type AccountView,
} from '../../adapters/db/repos/accounts-repo.ts';
import {
  accountInputSchema,
  accountPatchSchema,
  noteInputSchema,
  type AccountInput,
} from './account-schema.ts';
import { normalizePhone } from './normalize-phone.ts';
import { NotFoundError, ValidationError, problemsFromZod, type FieldProblem } from './service-errors.ts';

export type PreparedAccount =
  | { readonly ok: true; readonly record: AccountRecord }
  | { readonly ok: false; readonly problems: FieldProblem[] };

/**
 * Validates an account (any shape: REST JSON or a mapped CSV row) and normalises its phones to E.164.
 * Pure apart from libphonenumber's metadata: nothing is stored, so the importer can reject a row whole.
 */
export function prepareAccount(input: unknown): PreparedAccount {
  const parsed = accountInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error.issues) };
  return toRecord(parsed.data);
}

function toRecord(a: AccountInput): PreparedAccount {
  const problems: FieldProblem[] = [];
  const phones: AccountRecord['phones'][number][] = [];
  const seen = new Set<string>();
  a.phones.forEach((p, i) => {
    const n = normalizePhone(p.number, a.country);
    if (!n.ok) {
      problems.push({ field: `phones.${i}.number`, message: n.reason });
      return;
    }
    if (seen.has(n.numberE164)) return; // the same number written twice is one phone
    seen.add(n.numberE164);
    phones.push({
      numberE164: n.numberE164,
      type: p.type ?? n.detectedType,
      consent: p.consent,
      consentSource: p.consentSource,
      consentAt: p.consentAt,
      priority: p.priority,
    });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, record: { ...a, phones } };
}

/** Stores one account (create or update by accountExternalId) atomically. */
export async function upsertAccount(
  sql: Sql,
  input: unknown,
): Promise<{ accountId: string; created: boolean }> {
  const prepared = prepareAccount(input);
  if (!prepared.ok) throw new ValidationError(prepared.problems);
  return sql.transaction((tx) => upsertAccountGraph(tx, prepared.record));
}

export async function getAccount(sql: Sql, accountId: string): Promise<AccountView> {
  const view = await getAccountView(sql, accountId);
  if (!view) throw new NotFoundError(`no account ${accountId}`);
  return view;
}

export interface AccountQuery {
  readonly accountExternalId?: string | undefined;
  readonly phone?: string | undefined;
  readonly name?: string | undefined;
  readonly country?: string | undefined;
  readonly flag?: string | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** Search; a phone is normalised first (read as a US number when written nationally without `country`). */
export async function searchAccounts(sql: Sql, query: AccountQuery): Promise<AccountSummary[]> {
  let phoneE164: string | undefined;
  if (query.phone !== undefined) {
    const n = normalizePhone(query.phone, query.country ?? 'US');
    if (!n.ok) throw new ValidationError([{ field: 'phone', message: n.reason }]);
    phoneE164 = n.numberE164;
  }
  return searchAccountRows(sql, {
    accountExternalId: query.accountExternalId,
    phoneE164,
    name: query.name,
    country: query.country,
    flag: query.flag,
    limit: query.limit ?? 50,
    offset: query.offset ?? 0,
  });
}

export async function patchAccount(sql: Sql, accountId: string, input: unknown): Promise<AccountView> {
  const parsed = accountPatchSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  const found = await patchAccountRow(sql, accountId, parsed.data);
  if (!found) throw new NotFoundError(`no account ${accountId}`);
  return getAccount(sql, accountId);
}

export async function addNote(sql: Sql, accountId: string, input: unknown): Promise<{ noteId: string }> {
  const parsed = noteInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(problemsFromZod(parsed.error.issues));
  const exists = await sql.query('SELECT 1 FROM accounts WHERE account_id = $1', [accountId]);
  if (exists.length === 0) throw new NotFoundError(`no account ${accountId}`);
  return { noteId: await insertNote(sql, accountId, parsed.data.author, parsed.data.body) };
}
