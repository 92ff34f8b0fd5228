import type { Lang } from '../intents/types.ts';
import type { ConversationAccount } from './conversation-types.ts';

export type IdentityCheck = 'dob' | 'last4';
/** `unanswered`: the utterance holds no attempt at the check (it may be a question or a refusal instead). */
export type IdentityOutcome = 'match' | 'mismatch' | 'unanswered';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DIGIT_WORDS: Record<string, string> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  零: '0',
  〇: '0',
  一: '1',
  幺: '1',
  二: '2',
  两: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};

/** Spoken digits to digits: "one two 3 4" → "1234", "幺二三四" → "1234". */
export function spokenDigits(text: string): string {
  const tokens = text.toLowerCase().match(/[a-z]+|\d|[零〇一幺二两三四五六七八九]/g) ?? [];
  return tokens.map((t) => (/^\d$/.test(t) ? t : (DIGIT_WORDS[t] ?? ''))).join('');
}

/**
 * Compares what the caller said or keyed with the account's answer. DTMF dates are MMDDYYYY in English and
 * YYYYMMDD in Chinese (the order people say them in); spoken dates accept ISO, "March 5 1985", "3/5/1985"
 * and "1985年3月5日".
 */
export function checkIdentity(
  check: IdentityCheck,
  answer: { text: string; source: 'speech' | 'dtmf' },
  account: ConversationAccount,
  lang: Lang,
): IdentityOutcome {
  const expected = check === 'last4' ? account.verification.last4 : account.verification.dob;
  // No answer on file: the check cannot pass, so the robot never discloses.
  if (check === 'last4') {
    const digits = answer.source === 'dtmf' ? answer.text.replace(/\D/g, '') : spokenDigits(answer.text);
    if (digits.length < 4) return 'unanswered';
    return expected !== undefined && digits.slice(-4) === expected ? 'match' : 'mismatch';
  }
  const given =
    answer.source === 'dtmf' ? dtmfDate(answer.text.replace(/\D/g, ''), lang) : spokenDate(answer.text);
  if (given === undefined) return 'unanswered';
  return expected !== undefined && given === expected ? 'match' : 'mismatch';
}

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function dtmfDate(digits: string, lang: Lang): string | undefined {
  if (digits.length !== 8) return digits.length > 0 ? 'invalid' : undefined;
  const n = (a: number, b: number): number => Number(digits.slice(a, b));
  return (lang === 'zh' ? iso(n(0, 4), n(4, 6), n(6, 8)) : iso(n(4, 8), n(0, 2), n(2, 4))) ?? 'invalid';
}

function spokenDate(text: string): string | undefined {
  const t = text.toLowerCase();
  const isoMatch = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(t);
  if (isoMatch) return iso(Number(isoMatch[1]), Number(isoMatch[2]), Number(isoMatch[3])) ?? 'invalid';
  const zh = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?/.exec(t);
  if (zh) return iso(Number(zh[1]), Number(zh[2]), Number(zh[3])) ?? 'invalid';
  const slash = /(\d{1,2})[/.](\d{1,2})[/.](\d{4})/.exec(t);
  if (slash) return iso(Number(slash[3]), Number(slash[1]), Number(slash[2])) ?? 'invalid';
  const month = MONTHS.findIndex((m) => new RegExp(`\\b${m}[a-z]*\\b`).test(t));
  const nums = [...t.matchAll(/\d+/g)].map((m) => Number(m[0]));
  const year = nums.find((n) => n >= 1900 && n <= 2100);
  const day = nums.find((n) => n >= 1 && n <= 31);
  if (month >= 0 && year !== undefined && day !== undefined) return iso(year, month + 1, day) ?? 'invalid';
  return undefined;
}
