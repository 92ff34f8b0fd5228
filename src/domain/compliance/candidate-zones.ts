import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { cnAddressZones, usAddressZones } from './region-zones.ts';
import type { AccountFacts } from './types.ts';

/**
 * Candidate time zones of a consumer: from the phone number at exchange level and from the address. The
 * calling window is the intersection over all of them (reference: convenient in all candidate locations).
 */

/** libphonenumber's time-zone map: E.164 digit prefix (no "+") → IANA zones; built once by an adapter. */
export interface PhoneZoneTable {
  readonly get: (prefix: string) => readonly string[] | undefined;
}

export interface PhoneZones {
  readonly valid: boolean;
  readonly e164?: string;
  readonly countryCallingCode?: string;
  readonly zones: readonly string[];
  readonly basis: string;
}

/** Longest-prefix lookup, as libphonenumber does: "12085…" finds "12085" before "1". */
export function zonesForDigits(table: PhoneZoneTable, digits: string): { zones: readonly string[]; prefix: string } | undefined {
  for (let len = digits.length; len > 0; len--) {
    const prefix = digits.slice(0, len);
    const zones = table.get(prefix);
    if (zones !== undefined && zones.length > 0) return { zones, prefix };
  }
  return undefined;
}

/** Validates the number (libphonenumber-js) before trusting its exchange; an invalid number has no zones. */
export function phoneZones(table: PhoneZoneTable, number: string | undefined): PhoneZones {
  if (number === undefined || number.trim() === '') return { valid: false, zones: [], basis: 'no phone number' };
  const parsed = parsePhoneNumberFromString(number);
  if (parsed === undefined || !parsed.isValid()) return { valid: false, zones: [], basis: `"${number}" is not a valid phone number` };
  const digits = parsed.number.replace(/^\+/, '');
  const cc = parsed.countryCallingCode;
  const hit = zonesForDigits(table, digits);
  if (hit === undefined) return { valid: true, e164: parsed.number, countryCallingCode: cc, zones: [], basis: `no time-zone data for +${cc}` };
  const level = hit.prefix === cc ? `country code +${cc} only: every zone of it` : `exchange prefix +${hit.prefix}`;
  return { valid: true, e164: parsed.number, countryCallingCode: cc, zones: hit.zones, basis: level };
}

export interface CandidateZones {
  readonly zones: readonly string[];
  readonly phone: PhoneZones;
  readonly addressBasis: string;
}

/** The union of phone and address candidates; the address's country decides how it is read. */
export function candidateZones(table: PhoneZoneTable, account: AccountFacts, number: string | undefined, profileCountry: 'US' | 'CN'): CandidateZones {
  const phone = phoneZones(table, number);
  const country = (account.country ?? profileCountry).toUpperCase();
  const address = country === 'CN' ? cnAddressZones(account.province) : usAddressZones(account.state, account.postalCode);
  const zones = [...new Set([...phone.zones, ...address.zones])].sort();
  return { zones, phone, addressBasis: country === 'CN' || country === 'US' ? address.basis : `country ${country} read as ${profileCountry}: ${address.basis}` };
}
