import type { MoneySlot } from '../intents/types.ts';
import type { ConversationAccount, PendingPromise } from './conversation-types.ts';
import type { TemplateVariable } from './script.ts';

/** Formats money for speech in the script's locale ("$1,250.00", "¥2,500.00"). */
export function formatMoney(money: MoneySlot, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(money.value);
}

/** Formats a YYYY-MM-DD calendar date in the locale ("November 27, 2026", "2026年11月27日"); UTC so no zone shifts it. */
export function formatDate(isoDate: string, locale: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return isoDate;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

export function templateValues(
  account: ConversationAccount,
  pending: PendingPromise,
  locale: string,
  lang: 'en' | 'zh',
): Record<TemplateVariable, string> {
  const fullName =
    lang === 'zh' ? `${account.lastName}${account.firstName}` : `${account.firstName} ${account.lastName}`;
  return {
    firstName: account.firstName,
    fullName,
    companyName: account.companyName,
    callbackNumber: account.callbackNumber,
    contactName: account.contactName,
    amountDue: formatMoney(account.amountDue, locale),
    dueDate: formatDate(account.dueDate, locale),
    creditorName: account.creditorName ?? account.companyName,
    promiseAmount: pending.amount ? formatMoney(pending.amount, locale) : '',
    promiseDate: pending.date ? formatDate(pending.date, locale) : '',
  };
}

/** Fills `{variable}` placeholders; the loader has already rejected unknown variables. */
export function render(text: string, values: Record<TemplateVariable, string>): string {
  return text.replace(/\{([A-Za-z]+)\}/g, (whole, name: string) =>
    name in values ? values[name as TemplateVariable] : whole,
  );
}

/** Calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
