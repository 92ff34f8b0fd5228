import { z } from 'zod';
import { CONTACT_KINDS, OUTCOMES, PHONE_TYPES, WEEKDAYS, type ComplianceCase } from './types.ts';

/**
 * The batch/what-if input contract (one JSON object per line, see docs/compliance.md), validated and turned
 * into a ComplianceCase. Any field may be missing; a present field with a wrong shape is an error that names
 * the field, never a silent default.
 */

const isoInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/, 'must be an ISO 8601 instant with a UTC offset, e.g. 2026-03-08T13:30:00Z')
  .transform((s, ctx) => {
    const ms = Date.parse(s);
    if (Number.isNaN(ms)) ctx.addIssue({ code: 'custom', message: 'is not a real date' });
    return ms;
  });

const clock = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be HH:MM (00:00–24:00)')
  .transform((s) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5)));

const str = z.string().trim().min(1, 'must not be empty');

const inputSchema = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  profile: str.optional(),
  at: isoInstant.optional(),
  account: z
    .object({
      accountId: str.optional(),
      debtId: str.optional(),
      country: str.optional(),
      state: str.optional(),
      postalCode: z.union([z.string(), z.number()]).transform(String).optional(),
      province: str.optional(),
      flags: z.array(str).optional(),
      blockedWindows: z.array(z.object({ days: z.array(z.enum(WEEKDAYS)), start: clock, end: clock })).optional(),
    })
    .optional(),
  phone: z
    .object({
      number: str.optional(),
      type: z.enum(PHONE_TYPES).optional(),
      consent: z.boolean().optional(),
      dnc: z.boolean().optional(),
      relation: z.enum(['debtor', 'guarantor', 'third_party']).optional(),
    })
    .optional(),
  channel: z.enum(['robot', 'agent']).optional(),
  history: z
    .array(
      z.object({
        at: isoInstant.optional(),
        kind: z.enum(CONTACT_KINDS).optional(),
        outcome: z.enum(OUTCOMES).optional(),
        phone: str.optional(),
        debtIds: z.array(str).optional(),
        callId: str.optional(),
      }),
    )
    .optional(),
});

export interface ParsedCase {
  readonly caseId: string | number | undefined;
  readonly atMs: number | undefined;
  readonly complianceCase: ComplianceCase;
}

export type ParseResult = { readonly ok: true; readonly value: ParsedCase } | { readonly ok: false; readonly caseId: string | number | null; readonly error: string };

function caseIdOf(raw: unknown): string | number | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}

export function parseCaseLine(line: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    // Keep the output aligned with the input: recover the id from a broken line when it is readable.
    const m = /"id"\s*:\s*(?:"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?))/.exec(line);
    const caseId = m?.[1] ?? (m?.[2] !== undefined ? Number(m[2]) : null);
    return { ok: false, caseId, error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = inputSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'case';
    return { ok: false, caseId: caseIdOf(raw), error: `${where}: ${issue?.message ?? 'invalid'}` };
  }
  const v = parsed.data;
  const a = v.account ?? {};
  return {
    ok: true,
    value: {
      caseId: v.id,
      atMs: v.at,
      complianceCase: {
        profile: v.profile,
        channel: v.channel,
        account: {
          ...a,
          flags: a.flags ?? [],
          blockedWindows: (a.blockedWindows ?? []).map((w) => ({ days: w.days, startMinute: w.start, endMinute: w.end })),
        },
        phone: v.phone ?? {},
        history: (v.history ?? []).map((h) => ({ atMs: h.at, kind: h.kind, outcome: h.outcome, phone: h.phone, debtIds: h.debtIds, callId: h.callId })),
      },
    },
  };
}

/** "2026-03-08T15:00:00Z": whole seconds without milliseconds, as in the contract. */
export function isoUtc(ms: number): string {
  const s = new Date(ms).toISOString();
  return s.endsWith('.000Z') ? `${s.slice(0, -5)}Z` : s;
}
