import type { ConsentRule, DncRule, FlagRule, ThirdPartyRule } from './rules.ts';
import type { Channel, ComplianceCase, RuleResult } from './types.ts';

/** Suppression flags, the internal do-not-call list, consent and third-party rules: no amount of waiting helps. */

export function evaluateFlag(rule: FlagRule, c: ComplianceCase): RuleResult {
  const present = c.account.flags.includes(rule.flag);
  return { rule: rule.id, pass: !present, detail: present ? `account is flagged "${rule.flag}"` : `no "${rule.flag}" flag`, inputs: { flags: c.account.flags } };
}

/**
 * An internal DNC entry is a number or a pattern over E.164 digits: "X" or "?" matches one digit, a trailing
 * "*" matches the rest, so "+1208*" blocks the whole 208 area code and "+1208555XXXX" one exchange.
 */
export function dncMatches(pattern: string, number: string): boolean {
  const p = pattern.replace(/[\s\-().+]/g, '').toUpperCase();
  const n = number.replace(/\D/g, '');
  const star = p.endsWith('*');
  const body = star ? p.slice(0, -1) : p;
  if (star ? n.length < body.length : n.length !== body.length) return false;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch !== 'X' && ch !== '?' && ch !== n[i]) return false;
  }
  return true;
}

export function evaluateDnc(rule: DncRule, c: ComplianceCase, dncPatterns: readonly string[]): RuleResult {
  const number = c.phone.number;
  if (c.phone.dnc === true) return { rule: rule.id, pass: false, detail: 'the number is marked do-not-call', inputs: { dnc: true } };
  const hit = number === undefined ? undefined : dncPatterns.find((p) => dncMatches(p, number));
  if (hit !== undefined) return { rule: rule.id, pass: false, detail: `the number matches internal DNC entry ${hit}`, inputs: { entry: hit } };
  return { rule: rule.id, pass: true, detail: 'not on the internal do-not-call list', inputs: { listSize: dncPatterns.length } };
}

/** Robot (artificial voice) calls to wireless — or possibly wireless — numbers need recorded consent. */
export function evaluateConsent(rule: ConsentRule, c: ComplianceCase, channel: Channel): RuleResult {
  const type = c.phone.type ?? 'unknown';
  const inputs = { channel, phoneType: type, consent: c.phone.consent ?? null };
  if (channel === 'agent') return { rule: rule.id, pass: true, detail: 'agent call: no artificial voice', inputs };
  if (!rule.phoneTypes.includes(type)) return { rule: rule.id, pass: true, detail: `robot call to a ${type} number: consent not required`, inputs };
  if (c.phone.consent === true) return { rule: rule.id, pass: true, detail: `consent recorded for robot calls to this ${type} number`, inputs };
  return { rule: rule.id, pass: false, detail: `robot call to a ${type} number without recorded consent`, inputs };
}

export function evaluateThirdParty(rule: ThirdPartyRule, c: ComplianceCase): RuleResult {
  const relation = c.phone.relation ?? 'debtor';
  const inputs = { relation, flags: c.account.flags };
  if (relation !== 'third_party') return { rule: rule.id, pass: true, detail: `calling the ${relation}`, inputs };
  const permit = rule.permittedBy.find((f) => c.account.flags.includes(f));
  if (permit !== undefined) return { rule: rule.id, pass: true, detail: `third-party contact permitted: debtor is ${permit.replace('_', ' ')}`, inputs };
  return { rule: rule.id, pass: false, detail: 'third-party contact only when the debtor is unreachable, deceased or lacks capacity', inputs };
}

/** A flag the profile does not know cannot be ignored: it blocks until a compliance owner maps it. */
export function evaluateUnknownFlags(known: ReadonlySet<string>, c: ComplianceCase): RuleResult | undefined {
  const unknown = c.account.flags.filter((f) => !known.has(f));
  if (unknown.length === 0) return undefined;
  return { rule: 'suppress.unknown', pass: false, detail: `unrecognised flag(s) ${unknown.join(', ')}: blocked until mapped to a rule`, inputs: { unknown } };
}
