import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export type PhoneType = 'mobile' | 'landline' | 'unknown';

export type NormalizedPhone =
  | { readonly ok: true; readonly numberE164: string; readonly detectedType: PhoneType }
  | { readonly ok: false; readonly reason: string };

/**
 * Normalises a number as written by a core system ("(415) 555-2671", "138 1234 5678", "+86…") to E.164.
 * National formats are read in the account's country. The full ("max") metadata is used because the
 * smaller sets only check lengths: a number that cannot exist is rejected here, not discovered at dial time.
 * Type detection: FIXED_LINE_OR_MOBILE (most of North America) stays `unknown` — a TCPA decision must not
 * rest on a guess.
 */
export function normalizePhone(raw: string, country: string): NormalizedPhone {
  const parsed = parsePhoneNumberFromString(raw, country as CountryCode);
  if (!parsed) return { ok: false, reason: `is not a phone number (read with default region ${country})` };
  if (!parsed.isValid())
    return { ok: false, reason: `is not a valid phone number for region ${parsed.country ?? country}` };
  const t = parsed.getType();
  const detectedType: PhoneType = t === 'MOBILE' ? 'mobile' : t === 'FIXED_LINE' ? 'landline' : 'unknown';
  return { ok: true, numberE164: parsed.number, detectedType };
}
