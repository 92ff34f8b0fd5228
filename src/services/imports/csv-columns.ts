import type { FieldProblem } from '../accounts/service-errors.ts';

/**
 * The documented CSV column set (docs/imports.md). One row = one account + one debt + up to three phones.
 * An account with several debts is several rows with the same `account_external_id`: each row updates the
 * account and adds or updates its own debt. Money is written in major units ("1234.56") and converted with
 * the currency's own number of decimals (JPY 0, USD/CNY 2), so no float ever reaches the store.
 */

export const MAX_PHONES_PER_ROW = 3;

const phoneColumns = Array.from({ length: MAX_PHONES_PER_ROW }, (_, i) => i + 1).flatMap((n) => [
  `phone${n}`,
  `phone${n}_type`,
  `phone${n}_consent`,
  `phone${n}_consent_source`,
  `phone${n}_consent_date`,
]);

export const requiredColumns = [
  'account_external_id',
  'first_name',
  'debt_external_id',
  'balance',
  'currency',
  'days_past_due',
] as const;

export const knownColumns: ReadonlySet<string> = new Set([
  ...requiredColumns,
  'last_name',
  'date_of_birth',
  'language',
  'country',
  'state',
  'province',
  'postal_code',
  'time_zone',
  'flags',
  'blocked_windows',
  'creditor',
  'minimum_payment',
  'due_date',
  'debt_status',
  'note',
  'note_author',
  ...phoneColumns,
]);

/** Problems with the header row itself: the whole file is refused, since every row would be misread. */
export function headerProblems(header: readonly string[]): string[] {
  const problems: string[] = [];
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) problems.push(`missing required column(s): ${missing.join(', ')}`);
  const unknown = header.filter((c) => !knownColumns.has(c));
  if (unknown.length > 0)
    problems.push(`unknown column(s): ${unknown.join(', ')} (see docs/imports.md for the column set)`);
  const dup = header.filter((c, i) => header.indexOf(c) !== i);
  if (dup.length > 0) problems.push(`duplicate column(s): ${[...new Set(dup)].join(', ')}`);
  return problems;
}

function currencyDigits(currency: string): number | undefined {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits;
  } catch {
    return undefined;
  }
}

/** "1234.5" in USD → 123450. Returns a reason instead when the text is not a plain decimal amount. */
export function toMinorUnits(text: string, currency: string): number | string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return 'must be a plain decimal amount like 1234.56 (no currency sign or thousands separator)';
  const digits = currencyDigits(currency) ?? 2;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return `has more than ${digits} decimal place(s) for ${currency}`;
  const minor = Number(`${m[1]}${fraction.padEnd(digits, '0')}`);
  return Number.isSafeInteger(minor) ? minor : 'is too large';
}

const yes = new Set(['yes', 'y', 'true', '1']);
const no = new Set(['no', 'n', 'false', '0', '']);

export interface MappedRow {
  /** The account shape `prepareAccount` validates, or problems found while reading the cells. */
  readonly input: Record<string, unknown>;
  readonly problems: FieldProblem[];
  /** Maps a validation path (`phones.0.number`) back to the CSV column that held it (`phone2`). */
  readonly columnOf: (path: string) => string;
}

/** Reads one CSV record (column → cell text) into the account input shape; empty cells mean "not given". */
export function mapCsvRow(cells: Readonly<Record<string, string>>): MappedRow {
  const get = (c: string): string | undefined => {
    const v = cells[c]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const problems: FieldProblem[] = [];
  const currency = (get('currency') ?? '').toUpperCase();
  const money = (column: string): number | undefined => {
    const v = get(column);
    if (v === undefined) return undefined;
    const r = toMinorUnits(v, currency);
    if (typeof r === 'string') problems.push({ field: column, message: r });
    return typeof r === 'number' ? r : undefined;
  };
  const int = (column: string): number | undefined => {
    const v = get(column);
    if (v === undefined) return undefined;
    if (!/^-?\d+$/.test(v)) problems.push({ field: column, message: 'must be a whole number' });
    return Number(v);
  };
  const { phones, phoneColumn } = readPhones(get, problems);
  const note = get('note');
  const input: Record<string, unknown> = {
    accountExternalId: get('account_external_id'),
    firstName: get('first_name'),
    lastName: get('last_name'),
    dateOfBirth: get('date_of_birth'),
    language: get('language'),
    country: get('country')?.toUpperCase(),
    state: get('state')?.toUpperCase(),
    province: get('province'),
    postalCode: get('postal_code'),
    timeZone: get('time_zone'),
    flags: (get('flags') ?? '')
      .split(';')
      .map((f) => f.trim())
      .filter((f) => f !== ''),
    blockedWindows: blockedWindowsCell(get('blocked_windows'), problems),
    debts: [
      {
        externalId: get('debt_external_id'),
        creditor: get('creditor'),
        balanceMinor: money('balance'),
        currency: currency || undefined,
        daysPastDue: int('days_past_due'),
        minimumPaymentMinor: money('minimum_payment'),
        dueDate: get('due_date'),
        status: get('debt_status'),
      },
    ],
    phones,
    notes: note === undefined ? [] : [{ author: get('note_author') ?? 'import', body: note }],
  };
  return { input: dropUndefined(input), problems, columnOf: (path) => columnFor(path, phoneColumn) };
}

/** phone1…phone3 with their type/consent columns; empty phone columns are skipped (phone2 alone is fine). */
function readPhones(
  get: (c: string) => string | undefined,
  problems: FieldProblem[],
): { phones: Record<string, unknown>[]; phoneColumn: string[] } {
  const phones: Record<string, unknown>[] = [];
  const phoneColumn: string[] = [];
  for (let n = 1; n <= MAX_PHONES_PER_ROW; n++) {
    const number = get(`phone${n}`);
    if (number === undefined) continue;
    const consentText = (get(`phone${n}_consent`) ?? '').toLowerCase();
    if (!yes.has(consentText) && !no.has(consentText))
      problems.push({ field: `phone${n}_consent`, message: 'must be yes or no' });
    phones.push({
      number,
      type: get(`phone${n}_type`),
      consent: yes.has(consentText),
      consentSource: get(`phone${n}_consent_source`),
      consentAt: get(`phone${n}_consent_date`),
      priority: MAX_PHONES_PER_ROW - n, // phone1 is tried first
    });
    phoneColumn.push(`phone${n}`);
  }
  return { phones, phoneColumn };
}

const fieldColumns: Record<string, string> = {
  accountExternalId: 'account_external_id',
  firstName: 'first_name',
  lastName: 'last_name',
  dateOfBirth: 'date_of_birth',
  language: 'language',
  country: 'country',
  state: 'state',
  province: 'province',
  postalCode: 'postal_code',
  timeZone: 'time_zone',
  'debts.0.externalId': 'debt_external_id',
  'debts.0.creditor': 'creditor',
  'debts.0.balanceMinor': 'balance',
  'debts.0.currency': 'currency',
  'debts.0.daysPastDue': 'days_past_due',
  'debts.0.minimumPaymentMinor': 'minimum_payment',
  'debts.0.dueDate': 'due_date',
  'debts.0.status': 'debt_status',
  'notes.0.author': 'note_author',
  'notes.0.body': 'note',
};

function columnFor(path: string, phoneColumn: readonly string[]): string {
  const phone = /^phones\.(\d+)\.(\w+)$/.exec(path);
  if (phone) {
    const col = phoneColumn[Number(phone[1])] ?? 'phone';
    const suffix: Record<string, string> = {
      number: '',
      type: '_type',
      consentSource: '_consent_source',
      consentAt: '_consent_date',
    };
    return `${col}${suffix[phone[2] ?? ''] ?? ''}`;
  }
  if (path.startsWith('flags')) return 'flags';
  if (path.startsWith('blockedWindows')) return 'blocked_windows';
  return fieldColumns[path] ?? path;
}

function dropUndefined(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (Array.isArray(v))
      out[k] = v.map((x: unknown) =>
        x && typeof x === 'object' ? dropUndefined(x as Record<string, unknown>) : x,
      );
    else out[k] = v;
  }
  return out;
}

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * `mon-fri 09:00-17:00; sat 10:00-12:00` → blocked windows in the debtor's local time ("don't call me at
 * work"). Days are a list (`mon,wed`) or a range (`mon-fri`); times are 24-hour `HH:MM`.
 */
export function parseBlockedWindows(
  text: string,
): Array<{ days: string[]; startMinute: number; endMinute: number }> | string {
  const out: Array<{ days: string[]; startMinute: number; endMinute: number }> = [];
  for (const part of text
    .split(';')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p !== '')) {
    const m = /^([a-z,-]+)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return `"${part}" is not like "mon-fri 09:00-17:00"`;
    const days = expandDays(m[1] ?? '');
    if (typeof days === 'string') return days;
    const startMinute = Number(m[2]) * 60 + Number(m[3]);
    const endMinute = Number(m[4]) * 60 + Number(m[5]);
    if (Number(m[3]) > 59 || Number(m[5]) > 59 || endMinute > 1440 || startMinute >= endMinute) {
      return `"${part}": the window must run forward within one day (00:00-24:00)`;
    }
    out.push({ days, startMinute, endMinute });
  }
  return out;
}

function expandDays(spec: string): string[] | string {
  const days: string[] = [];
  for (const item of spec.split(',').filter((d) => d !== '')) {
    const [from, to] = item.split('-');
    const a = WEEK.indexOf(from ?? '');
    const b = to === undefined ? a : WEEK.indexOf(to);
    if (a < 0 || b < 0 || b < a) return `"${item}" is not a day or day range (mon … sun, e.g. mon-fri)`;
    days.push(...WEEK.slice(a, b + 1));
  }
  return days.length > 0 ? [...new Set(days)] : 'no days given';
}

function blockedWindowsCell(cell: string | undefined, problems: FieldProblem[]): unknown[] | undefined {
  if (cell === undefined) return undefined;
  const parsed = parseBlockedWindows(cell);
  if (typeof parsed === 'string') {
    problems.push({ field: 'blocked_windows', message: parsed });
    return undefined;
  }
  return parsed;
}
