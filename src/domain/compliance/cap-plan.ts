import type { CapScope } from '../../ports/compliance-store.ts';
import { resolveProfile, overlayRules } from './decide.ts';
import { appliesTo, countedContacts } from './frequency.ts';
import type { CountRule, ProfileSet } from './rules.ts';
import type { ComplianceCase } from './types.ts';

/**
 * Which caps a dial must reserve against, with the counts already in the durable records. Built after an
 * allowing decision; the store then adds other processes' in-flight reservations atomically.
 */
export interface CapPlan {
  readonly scopes: readonly CapScope[];
  readonly durableCallIds: readonly string[];
}

const digits = (n: string | undefined): string => (n ?? 'unknown').replace(/\D/g, '');

/**
 * Store keys share the account's hash tag so one Lua script may touch all of them (Redis Cluster slots).
 * Caps on a number are kept per account; the same number on two accounts is still counted from the durable
 * records, only not across in-flight reservations.
 */
export function scopeKey(rule: CountRule, c: ComplianceCase): string {
  const tag = `{acct:${c.account.accountId ?? 'unknown'}}`;
  if (rule.scope === 'personDebt') return `${tag}:debt:${c.account.debtId ?? 'unknown'}`;
  if (rule.scope === 'phone') return `${tag}:phone:${digits(c.phone.number)}`;
  return `${tag}:person`;
}

export function capPlan(c: ComplianceCase, nowMs: number, profiles: ProfileSet): CapPlan {
  const profile = resolveProfile(c, profiles);
  if (profile === undefined) return { scopes: [], durableCallIds: [] };
  const rules = [...profile.rules, ...overlayRules(profile, c).rules].filter((r): r is CountRule => r.kind === 'count' && r.enabled !== false);
  const channel = c.channel ?? 'robot';
  const scopes: CapScope[] = [];
  for (const rule of rules) {
    if (appliesTo(rule, c, channel) !== undefined) continue;
    const counted = countedContacts(rule, c, nowMs);
    scopes.push({ rule: rule.id, scopeKey: `${scopeKey(rule, c)}:${rule.id}`, sinceMs: counted.sinceMs, limit: rule.limit, durableCount: counted.countedMs.length });
  }
  // Every call id in the history is durable, whatever it counts for: its reservation must not count twice.
  const durableCallIds = [...new Set(c.history.flatMap((r) => (r.callId ? [r.callId] : [])))];
  return { scopes, durableCallIds };
}
