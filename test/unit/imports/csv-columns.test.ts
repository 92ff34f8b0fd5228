import { describe, expect, it } from 'vitest';
import {
  headerProblems,
  mapCsvRow,
  parseBlockedWindows,
  toMinorUnits,
} from '../../../src/services/imports/csv-columns.ts';
import { prepareAccount } from '../../../src/services/accounts/accounts-service.ts';

describe('toMinorUnits', () => {
  it('converts with the currency’s own decimals and never through a float', () => {
    expect(toMinorUnits('1234.56', 'USD')).toBe(123456);
    expect(toMinorUnits('0.1', 'CNY')).toBe(10);
    expect(toMinorUnits('19.99', 'USD')).toBe(1999);
    expect(toMinorUnits('5000', 'JPY')).toBe(5000);
    expect(toMinorUnits('12.5', 'JPY')).toBe('has more than 0 decimal place(s) for JPY');
  });
  it('refuses amounts written with signs or separators, saying how to write them', () => {
    for (const bad of ['$12.00', '1,234.00', '-5', '1e3', ''])
      expect(toMinorUnits(bad, 'USD')).toMatch(/plain decimal amount/);
  });
});

describe('headerProblems', () => {
  it('names missing, unknown and duplicate columns', () => {
    expect(
      headerProblems([
        'account_external_id',
        'first_name',
        'debt_external_id',
        'balance',
        'currency',
        'days_past_due',
      ]),
    ).toEqual([]);
    expect(headerProblems(['account_external_id', 'first_name', 'first_name', 'mobile'])).toEqual([
      'missing required column(s): debt_external_id, balance, currency, days_past_due',
      'unknown column(s): mobile (see docs/imports.md for the column set)',
      'duplicate column(s): first_name',
    ]);
  });
});

describe('mapCsvRow + prepareAccount', () => {
  const base = {
    account_external_id: 'A-1',
    first_name: 'Ann',
    state: 'ca',
    debt_external_id: 'D-1',
    balance: '10.00',
    currency: 'usd',
    days_past_due: '40',
  };

  it('reads a row into an account, normalising phones to E.164 and keeping phone1 first', () => {
    const mapped = mapCsvRow({
      ...base,
      phone1: '(415) 555-2671',
      phone1_consent: 'Yes',
      phone3: '+1 212 555 0100',
      flags: 'hardship; vip',
    });
    expect(mapped.problems).toEqual([]);
    const prepared = prepareAccount(mapped.input);
    if (!prepared.ok) throw new Error(JSON.stringify(prepared.problems));
    expect(prepared.record).toMatchObject({
      state: 'CA',
      flags: ['hardship', 'vip'],
      debts: [{ balanceMinor: 1000, currency: 'USD', daysPastDue: 40 }],
      phones: [
        { numberE164: '+14155552671', consent: true, priority: 2 },
        { numberE164: '+12125550100', consent: false, priority: 0 },
      ],
    });
  });

  it('names the CSV column of a bad phone even when earlier phone columns are empty', () => {
    const mapped = mapCsvRow({ ...base, phone2: '555', phone2_type: 'pager' });
    const prepared = prepareAccount(mapped.input);
    expect(prepared.ok).toBe(false);
    if (prepared.ok) return;
    expect(prepared.problems.map((p) => mapped.columnOf(p.field)).sort()).toEqual(['phone2_type']);
    const bad = mapCsvRow({ ...base, phone2: '555' });
    const badPrepared = prepareAccount(bad.input);
    if (badPrepared.ok) throw new Error('a 3-digit number must be refused');
    expect(badPrepared.problems.map((p) => bad.columnOf(p.field))).toEqual(['phone2']);
  });

  it('reads Chinese numbers in China and refuses a US number missing its state', () => {
    const cn = prepareAccount(
      mapCsvRow({ ...base, state: '', country: 'cn', currency: 'CNY', phone1: '138 1234 5678' }).input,
    );
    expect(cn.ok && cn.record.phones[0]).toMatchObject({ numberE164: '+8613812345678', type: 'mobile' });
    const us = prepareAccount(mapCsvRow({ ...base, state: '' }).input);
    expect(us.ok ? [] : us.problems).toEqual([{ field: 'state', message: 'is required for US accounts' }]);
  });
});

describe('parseBlockedWindows', () => {
  it('reads day ranges, lists and times into minutes after local midnight', () => {
    expect(parseBlockedWindows('mon-fri 09:00-17:00; sat,sun 20:30-24:00')).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], startMinute: 540, endMinute: 1020 },
      { days: ['sat', 'sun'], startMinute: 1230, endMinute: 1440 },
    ]);
  });
  it('explains what is wrong with a bad window', () => {
    expect(parseBlockedWindows('weekdays 9-5')).toBe('"weekdays 9-5" is not like "mon-fri 09:00-17:00"');
    expect(parseBlockedWindows('fri-mon 09:00-17:00')).toMatch(/not a day or day range/);
    expect(parseBlockedWindows('mon 17:00-09:00')).toMatch(/must run forward within one day/);
  });
  it('reaches the account through a CSV row, and a bad cell is reported under its column', () => {
    const base = {
      account_external_id: 'A',
      first_name: 'A',
      state: 'CA',
      debt_external_id: 'D',
      balance: '1',
      currency: 'USD',
      days_past_due: '1',
    };
    const ok = prepareAccount(mapCsvRow({ ...base, blocked_windows: 'mon 09:00-12:00' }).input);
    expect(ok.ok && ok.record.blockedWindows).toEqual([{ days: ['mon'], startMinute: 540, endMinute: 720 }]);
    expect(mapCsvRow({ ...base, blocked_windows: 'soon' }).problems).toEqual([
      { field: 'blocked_windows', message: '"soon" is not like "mon-fri 09:00-17:00"' },
    ]);
  });
});
