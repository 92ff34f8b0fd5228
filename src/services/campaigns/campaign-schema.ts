import { z } from 'zod';
import { DISPOSITIONS } from '../../domain/dispositions/dispositions.ts';

/**
 * A campaign as operators configure it. Everything the dialer varies by overdue stage — script, attempt
 * limits, retry delays — is data here (`strategy.buckets`), validated once on the way in so the runner can
 * trust it. Outcome names are the dispositions vocabulary (docs/dispositions.md).
 */

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number like +14155550100');
export const scriptIds = ['collections-en', 'collections-zh'] as const;
export const scriptIdSchema = z.enum(scriptIds);
const range = (max: number) =>
  z
    .object({
      min: z.number().int().min(0).max(max).optional(),
      max: z.number().int().min(0).max(max).optional(),
    })
    .strict()
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, {
      message: 'min must not exceed max',
      path: ['min'],
    });

/** Retry delay per disposition, minutes (up to 30 days); dispositions not listed keep the dialer's defaults. */
const retryDelays = z.partialRecord(
  z.enum(DISPOSITIONS),
  z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30),
);
const defaultDelays = {
  busy: 15,
  no_answer: 240,
  machine_no_message: 1440,
  voicemail_left: 2880,
  failed: 60,
  abandoned: 1440,
};

export const campaignFilterSchema = z
  .object({
    daysPastDue: range(36_500).optional(),
    balanceMinor: range(Number.MAX_SAFE_INTEGER).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code')
      .optional(),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be ISO 3166-1 alpha-2'))
      .min(1)
      .optional(),
    states: z
      .array(z.string().regex(/^[A-Z]{2}$/, 'must be a 2-letter state code'))
      .min(1)
      .optional(),
    provinces: z.array(z.string().min(1)).min(1).optional(),
    postalCodePrefixes: z.array(z.string().min(1).max(16)).min(1).optional(),
    languages: z
      .array(z.enum(['en', 'zh']))
      .min(1)
      .optional(),
    flagsAll: z.array(z.string().min(1)).optional(),
    flagsNone: z.array(z.string().min(1)).optional(),
    /** Last attempt's disposition; `never_called` selects accounts with no attempt yet. */
    lastOutcome: z
      .array(z.enum([...DISPOSITIONS, 'never_called']))
      .min(1)
      .optional(),
  })
  .strict();

export const retryRulesSchema = z
  .object({
    maxAttemptsPerAccount: z.number().int().min(1).max(100).default(6),
    maxAttemptsPerPhone: z.number().int().min(1).max(100).default(3),
    delayMinutesByOutcome: retryDelays.default(defaultDelays),
    tryAlternateNumbers: z.boolean().default(true),
  })
  .strict();

export const strategyBucketSchema = z
  .object({
    name: z.string().min(1).max(40),
    minDaysPastDue: z.number().int().min(0),
    maxDaysPastDue: z.number().int().min(0).optional(),
    scriptId: scriptIdSchema.optional(),
    maxAttempts: z.number().int().min(1).max(100),
    delayMinutesByOutcome: retryDelays.optional(),
  })
  .strict()
  .refine((b) => b.maxDaysPastDue === undefined || b.maxDaysPastDue >= b.minDaysPastDue, {
    message: 'must be ≥ minDaysPastDue',
    path: ['maxDaysPastDue'],
  });

/** Buckets must not overlap, or one account would have two strategies. */
export const strategySchema = z
  .object({ buckets: z.array(strategyBucketSchema).max(20).default([]) })
  .strict()
  .superRefine((s, ctx) => {
    const sorted = [...s.buckets].sort((a, b) => a.minDaysPastDue - b.minDaysPastDue);
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const cur = sorted[i];
      if (prev && cur && (prev.maxDaysPastDue === undefined || prev.maxDaysPastDue >= cur.minDaysPastDue)) {
        ctx.addIssue({
          code: 'custom',
          message: `bucket "${cur.name}" overlaps bucket "${prev.name}"`,
          path: ['buckets'],
        });
      }
    }
  });

/** Predictive pacing per campaign (docs/pacing.md). The target can only be stricter than the 3 % rule. */
export const pacingSettingsSchema = z
  .object({
    targetAbandonment: z.number().gt(0).max(0.03, 'must be at most 0.03 (3 % is the legal ceiling the pacer aims under)').default(0.03),
    minAgentsForPredictive: z.number().int().min(1).max(10_000).default(4),
  })
  .strict();

const campaignFields = {
  name: z.string().trim().min(1).max(200),
  scriptId: scriptIdSchema,
  profile: z.enum(['us', 'cn']),
  pacingMode: z.enum(['preview', 'progressive', 'predictive', 'agentless']),
  filter: campaignFilterSchema.default({}),
  callerIds: z.array(e164).min(1, 'at least one caller id is required').max(50),
  trunks: z.array(z.string().min(1)).min(1, 'at least one trunk is required').max(20),
  retryRules: retryRulesSchema.default({
    maxAttemptsPerAccount: 6,
    maxAttemptsPerPhone: 3,
    delayMinutesByOutcome: defaultDelays,
    tryAlternateNumbers: true,
  }),
  strategy: strategySchema.default({ buckets: [] }),
  /** Predictive only: the per-campaign 30-day abandonment target and the fewest agents it dials predictively for. */
  pacing: pacingSettingsSchema.default({ targetAbandonment: 0.03, minAgentsForPredictive: 4 }),
};

export const campaignCreateSchema = z.object(campaignFields).strict();
export const campaignUpdateSchema = z
  .object(campaignFields)
  .partial()
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'the update changes nothing: send at least one field');

export type CampaignInput = z.infer<typeof campaignCreateSchema>;
export type CampaignUpdate = z.infer<typeof campaignUpdateSchema>;
export type CampaignFilter = z.infer<typeof campaignFilterSchema>;
export type RetryRules = z.infer<typeof retryRulesSchema>;
export type Strategy = z.infer<typeof strategySchema>;
