import { buildComplianceContext } from '../../../src/adapters/compliance/compliance-context.ts';
import type { ComplianceContext } from '../../../src/domain/compliance/decide.ts';
import type { AccountFacts, ComplianceCase, ContactRecord, PhoneFacts } from '../../../src/domain/compliance/types.ts';

/** One context for the whole test file: loading the phone zone map is the expensive part. */
let shared: ComplianceContext | undefined;
export function ctx(overrides: Partial<ComplianceContext> = {}): ComplianceContext {
  shared ??= buildComplianceContext();
  return { ...shared, ...overrides };
}

export const at = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad test instant ${iso}`);
  return ms;
};

/** A Boise (Mountain only) mobile with consent, robot channel, no history: callable in daytime. */
export function usCase(over: { account?: Partial<AccountFacts>; phone?: Partial<PhoneFacts>; history?: ContactRecord[]; channel?: 'robot' | 'agent'; profile?: string } = {}): ComplianceCase {
  return {
    profile: over.profile ?? 'us',
    channel: over.channel ?? 'robot',
    account: { accountId: 'A1', debtId: 'D1', country: 'US', state: 'ID', postalCode: '83702', flags: [], blockedWindows: [], ...over.account },
    phone: { number: '+12083451234', type: 'mobile', consent: true, dnc: false, ...over.phone },
    history: over.history ?? [],
  };
}

export function cnCase(over: { account?: Partial<AccountFacts>; phone?: Partial<PhoneFacts>; history?: ContactRecord[]; channel?: 'robot' | 'agent' } = {}): ComplianceCase {
  return {
    profile: 'cn',
    channel: over.channel ?? 'robot',
    account: { accountId: 'C1', debtId: 'L1', country: 'CN', province: 'GD', flags: [], blockedWindows: [], ...over.account },
    phone: { number: '+8613800138000', type: 'mobile', consent: true, ...over.phone },
    history: over.history ?? [],
  };
}

export const call = (iso: string, outcome: ContactRecord['outcome'], extra: Partial<ContactRecord> = {}): ContactRecord => ({
  atMs: at(iso),
  kind: 'call',
  outcome,
  phone: '+12083451234',
  debtIds: ['D1'],
  ...extra,
});
