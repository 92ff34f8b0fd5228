import type { DialCandidate } from '../../adapters/db/repos/dialer-repo.ts';
import type { Script } from '../../domain/conversation/script.ts';
import type { CampaignPlan } from './campaign-runner.ts';

const DEFAULT_ZONE: Record<string, string> = { US: 'America/New_York', CN: 'Asia/Shanghai' };

export interface CompanyInfo {
  readonly companyName: string;
  readonly contactName: string;
  readonly callbackNumber: string;
}

/** The per-call parts of a robot job that depend on the account: script, language and what the robot may say. */
export function robotJobFor(scripts: { readonly en: Script; readonly zh: Script }, company: { readonly en: CompanyInfo; readonly zh: CompanyInfo }): CampaignPlan['jobFor'] {
  return (c: DialCandidate) => {
    const lang = c.language;
    const info = company[lang];
    return {
      script: scripts[lang],
      lang,
      timeZone: c.timeZone ?? DEFAULT_ZONE[c.country] ?? 'UTC',
      account: {
        accountId: c.accountId,
        firstName: c.firstName,
        lastName: c.lastName,
        amountDue: { value: c.balanceMinor / 100, currency: c.currency },
        dueDate: c.dueDate ?? '',
        companyName: info.companyName,
        contactName: info.contactName,
        callbackNumber: info.callbackNumber,
        verification: { ...(c.dateOfBirth ? { dob: c.dateOfBirth } : {}), ...(c.ssnLast4 ? { last4: c.ssnLast4 } : {}) },
        ...(c.creditor ? { creditorName: c.creditor } : {}),
      },
    };
  };
}
