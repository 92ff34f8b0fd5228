import { z } from 'zod';

/**
 * The account as core systems send it (REST JSON, or one CSV row mapped to this shape): a person, the debts
 * they owe, the numbers we may call, and free-text notes. Money is integer minor units with an ISO 4217
 * currency; dates are ISO `YYYY-MM-DD`. `accountExternalId` / debt `externalId` are the core system's keys:
 * sending the same ones again updates, never duplicates.
 */

const WEEKDAY = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const minuteOfDay = z.number().int().min(0).max(1440);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date');
const knownCurrencies = new Set(Intl.supportedValuesOf('currency'));
const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code, e.g. USD')
  .refine((c) => knownCurrencies.has(c), 'is not a known ISO 4217 currency');
const minorUnits = z
  .number()
  .int('must be a whole number of minor units (cents, fen)')
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);

export const blockedWindowSchema = z
  .object({ days: z.array(WEEKDAY).min(1), startMinute: minuteOfDay, endMinute: minuteOfDay })
  .strict()
  .refine((w) => w.endMinute > w.startMinute, {
    message: 'endMinute must be after startMinute',
    path: ['endMinute'],
  });

export const debtInputSchema = z
  .object({
    externalId: z.string().trim().min(1).max(128),
    creditor: z.string().max(200).default(''),
    balanceMinor: minorUnits,
    currency,
    daysPastDue: z.number().int().min(0).max(36_500),
    minimumPaymentMinor: minorUnits.optional(),
    dueDate: isoDate.optional(),
    status: z.enum(['open', 'closed', 'paid', 'recalled']).default('open'),
  })
  .strict();

export const phoneInputSchema = z
  .object({
    number: z.string().trim().min(3).max(40),
    type: z.enum(['mobile', 'landline', 'unknown']).optional(),
    consent: z.boolean().default(false),
    consentSource: z.string().max(200).optional(),
    consentAt: isoDate.or(z.iso.datetime({ offset: true })).optional(),
    priority: z.number().int().min(0).max(100).default(0),
  })
  .strict();

export const noteInputSchema = z
  .object({ author: z.string().trim().min(1).max(100), body: z.string().trim().min(1).max(4000) })
  .strict();

/** Suppression and status flags; free-form lower-case words so new rules need no migration. */
const flag = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'flags are lower-case words (a-z, 0-9, _)');

export const jurisdictionFields = {
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. US or CN')
    .default('US'),
  state: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be a 2-letter state code, e.g. CA')
    .optional(),
  province: z.string().trim().min(1).max(64).optional(),
  postalCode: z.string().trim().min(1).max(16).optional(),
  timeZone: z.string().trim().min(1).max(64).optional(),
};

export const accountInputSchema = z
  .object({
    accountExternalId: z.string().trim().min(1).max(128),
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100).default(''),
    dateOfBirth: isoDate.optional(),
    language: z.enum(['en', 'zh']).default('en'),
    ...jurisdictionFields,
    flags: z.array(flag).max(50).default([]),
    blockedWindows: z.array(blockedWindowSchema).max(50).default([]),
    debts: z.array(debtInputSchema).min(1, 'an account needs at least one debt').max(100),
    phones: z.array(phoneInputSchema).max(20).default([]),
    notes: z.array(noteInputSchema).max(50).default([]),
  })
  .strict()
  .refine((a) => a.country !== 'US' || a.state !== undefined, {
    message: 'is required for US accounts',
    path: ['state'],
  })
  .refine((a) => new Set(a.debts.map((d) => d.externalId)).size === a.debts.length, {
    message: 'debt externalId values must be unique within an account',
    path: ['debts'],
  });

export type AccountInput = z.infer<typeof accountInputSchema>;
export type DebtInput = z.infer<typeof debtInputSchema>;
export type PhoneInput = z.infer<typeof phoneInputSchema>;

/** Fields an operator may change on an existing account without resending the debts. */
export const accountPatchSchema = z
  .object({
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().max(100),
    language: z.enum(['en', 'zh']),
    country: jurisdictionFields.country.unwrap(),
    state: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a 2-letter state code, e.g. CA')
      .nullable(),
    province: z.string().trim().min(1).max(64).nullable(),
    postalCode: z.string().trim().min(1).max(16).nullable(),
    timeZone: z.string().trim().min(1).max(64).nullable(),
    flags: z.array(flag).max(50),
    blockedWindows: z.array(blockedWindowSchema).max(50),
  })
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'the patch changes nothing: send at least one field');

export type AccountPatch = z.infer<typeof accountPatchSchema>;
