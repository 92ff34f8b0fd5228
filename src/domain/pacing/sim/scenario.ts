/**
 * The simulation scenario: the JSON of `recollect simulate --scenario FILE` (docs/pacing.md), validated.
 * Population model from ../shared/reference/pacing.md: a dial reaches a live person with probability p,
 * who answers after U(lo, hi) s; a non-live attempt fails fast (share, seconds) or rings out.
 */
import { z } from 'zod';
import { PACING_MODES } from '../types.ts';

const positive = z.number().positive();

const driftStep = z.object({
  atHours: z.number().min(0),
  liveAnswerProbability: z.number().gt(0).max(1).optional(),
  handleTimeMeanSeconds: positive.optional(),
});

export const scenarioSchema = z
  .object({
    mode: z.enum(PACING_MODES),
    agents: z.number().int().min(0),
    lines: z.number().int().min(1),
    /** Originations per second allowed by the trunks (token bucket refilled every second). */
    cps: z.number().int().min(1).default(1000),
    targetAbandonment: z.number().gt(0).lt(1).default(0.03),
    minAgentsForPredictive: z.number().int().min(1).default(4),
    durationHours: positive,
    seed: z.number().int(),
    population: z.object({
      liveAnswerProbability: z.number().gt(0).max(1),
      answerDelaySeconds: z.object({ uniform: z.tuple([z.number().min(0), z.number().min(0)]) }),
      failFastShare: z.number().min(0).max(1),
      failFastSeconds: z.number().min(0),
      ringOutSeconds: z.number().min(0),
    }),
    handleTimeSeconds: z.object({ gamma: z.object({ shape: positive, mean: positive }) }),
    abandonGraceSeconds: z.number().min(0).default(2),
    /** Parameter changes during the run (the pacer is not told). */
    drift: z.array(driftStep).default([]),
    /** Earlier days of the campaign inside the 30-day window. */
    history: z
      .array(z.object({ daysAgo: z.number().min(0).max(29), liveAnswers: z.number().int().min(0), abandoned: z.number().int().min(0) }))
      .default([]),
  })
  .refine((s) => s.population.answerDelaySeconds.uniform[0] <= s.population.answerDelaySeconds.uniform[1], {
    message: 'population.answerDelaySeconds.uniform must be [low, high] with low ≤ high',
    path: ['population', 'answerDelaySeconds', 'uniform'],
  });

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;

export class ScenarioError extends Error {
  readonly code = 'SCENARIO_INVALID';
  readonly retryable = false;
}

/** Validates a scenario; bad input throws a ScenarioError naming each problem and where it is. */
export function parseScenario(input: unknown): Scenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ScenarioError(`invalid scenario: ${problems.join('; ')}`);
}

/** The reference scenario of pacing.md (N agents, p, H), 8 h by default. */
export function referenceScenario(overrides: Partial<ScenarioInput> & { agents: number; seed: number }): Scenario {
  return parseScenario({
    mode: 'predictive',
    lines: Math.max(10, overrides.agents * 10),
    targetAbandonment: 0.03,
    durationHours: 8,
    population: {
      liveAnswerProbability: 0.2,
      answerDelaySeconds: { uniform: [4, 20] },
      failFastShare: 0.25,
      failFastSeconds: 4,
      ringOutSeconds: 25,
    },
    handleTimeSeconds: { gamma: { shape: 2, mean: 180 } },
    abandonGraceSeconds: 2,
    ...overrides,
  });
}
