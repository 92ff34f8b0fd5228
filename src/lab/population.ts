/**
 * What the simulated callees do. A population maps dialled numbers (exact, prefix or regex) to a
 * behaviour, and gives statistical parameters for numbers no entry matches. Parsed from YAML or JSON.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';

export class LabPopulationError extends Error {
  readonly code = 'LAB_POPULATION_INVALID';
  readonly retryable = false;
}

const turnSchema = z.union([
  z.object({ say: z.string(), afterMs: z.number().int().min(0).optional(), durationMs: z.number().int().min(1).optional(), confidence: z.number().min(0).max(100).optional() }).strict(),
  z.object({ dtmf: z.string().regex(/^[0-9*#A-D]+$/, 'dtmf may hold only 0-9 * # A-D'), afterMs: z.number().int().min(0).optional() }).strict(),
  z.object({ silence: z.literal(true) }).strict(),
]);

const behaviourSchema = z
  .object({
    outcome: z.enum(['answer', 'busy', 'noanswer', 'unreachable', 'invalid', 'reject']).default('answer'),
    answerAfterMs: z.number().int().min(0).optional(),
    answeredBy: z.enum(['human', 'machine']).optional(),
    beepAfterMs: z.number().int().min(0).optional(),
    hangupAfterMs: z.number().int().min(0).optional(),
    failAfterMs: z.number().int().min(0).optional(),
    turns: z.array(turnSchema).optional(),
    template: z.string().regex(/^[a-z_-]+(:o\d+(-b)?)?$/, 'template is <capture>[:<role>], e.g. bridge-plain:o1').optional(),
  })
  .strict();

const distributionSchema = z.union([
  z.object({ fixedMs: z.number().min(0) }).strict(),
  z.object({ minMs: z.number().min(0), maxMs: z.number().min(0) }).strict(),
  z.object({ meanMs: z.number().min(0), sdMs: z.number().min(0) }).strict(),
]);

const targetSchema = behaviourSchema
  .extend({
    // Unquoted phone numbers are YAML numbers; take them as the digits they are.
    number: z.union([z.string(), z.number()]).transform(String).optional(),
    prefix: z.union([z.string(), z.number()]).transform(String).optional(),
    pattern: z.string().optional(),
  })
  .strict();

const statisticsSchema = z
  .object({
    liveAnswerProbability: z.number().min(0).max(1).default(0.6),
    machineShare: z.number().min(0).max(1).default(0.15),
    answerDelay: distributionSchema.default({ minMs: 2000, maxMs: 12000 }),
    failFastShare: z.number().min(0).max(1).default(0.1),
    failFastSeconds: z.number().min(0).default(1),
    failFastCauses: z.array(z.enum(['busy', 'unreachable', 'invalid', 'reject'])).min(1).default(['busy', 'unreachable', 'invalid']),
    ringOutSeconds: z.number().min(1).default(30),
    handleTime: distributionSchema.default({ meanMs: 45000, sdMs: 20000 }),
    beepAfter: distributionSchema.default({ minMs: 4000, maxMs: 9000 }),
  })
  .strict();

const populationSchema = z
  .object({
    seed: z.number().int().default(1),
    targets: z.array(targetSchema).default([]),
    statistics: statisticsSchema.optional(),
  })
  .strict();

export type Turn = z.infer<typeof turnSchema>;
export type Behaviour = z.infer<typeof behaviourSchema>;
export type Distribution = z.infer<typeof distributionSchema>;
export type Statistics = z.infer<typeof statisticsSchema>;
export type PopulationTarget = z.infer<typeof targetSchema>;
export type Population = z.infer<typeof populationSchema>;

/** Everything answers as a human after 1 s and stays on the line until hung up. */
export const DEFAULT_POPULATION: Population = { seed: 1, targets: [] };

function lineOf(text: string, path: ReadonlyArray<PropertyKey>): number | undefined {
  try {
    const doc = parseDocument(text);
    const node = doc.getIn(path.map((p) => (typeof p === 'symbol' ? String(p) : p)), true) as { range?: [number, number, number] } | undefined;
    const offset = node?.range?.[0];
    return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
  } catch {
    return undefined;
  }
}

/** Parses a population file (YAML or JSON). Throws LabPopulationError naming the field and line. */
export function parsePopulation(text: string): Population {
  let raw: unknown;
  try {
    const doc = parseDocument(text, { prettyErrors: true });
    if (doc.errors.length > 0) throw doc.errors[0]!;
    raw = doc.toJS() ?? {};
  } catch (err) {
    throw new LabPopulationError(`population is not valid YAML/JSON: ${(err as Error).message}`);
  }
  const result = populationSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const field = issue.path.map(String).join('.') || '(top level)';
    const line = lineOf(text, issue.path);
    throw new LabPopulationError(`population field ${field}${line ? ` (line ${line})` : ''}: ${issue.message}`);
  }
  for (const [i, t] of result.data.targets.entries()) {
    const selectors = [t.number, t.prefix, t.pattern].filter((s) => s !== undefined).length;
    if (selectors !== 1) {
      throw new LabPopulationError(`population field targets.${i} (line ${lineOf(text, ['targets', i]) ?? '?'}): give exactly one of number, prefix, pattern`);
    }
    if (t.pattern !== undefined) {
      try {
        new RegExp(t.pattern);
      } catch (err) {
        throw new LabPopulationError(`population field targets.${i}.pattern: ${(err as Error).message}`);
      }
    }
  }
  return result.data;
}

export function matchTarget(population: Population, user: string): PopulationTarget | undefined {
  return population.targets.find(
    (t) =>
      (t.number !== undefined && t.number === user) ||
      (t.prefix !== undefined && user.startsWith(t.prefix)) ||
      (t.pattern !== undefined && new RegExp(t.pattern).test(user)),
  );
}
