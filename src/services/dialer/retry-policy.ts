/** When to try an account again after each outcome (busy soon, no answer later, machine next day…). */
export interface RetryPolicy {
  readonly maxAttemptsPerAccount: number;
  readonly delayMsByDisposition: Readonly<Record<string, number>>;
  readonly defaultDelayMs: number;
}

const MIN = 60_000;
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttemptsPerAccount: 6,
  delayMsByDisposition: {
    busy: 10 * MIN,
    no_answer: 120 * MIN,
    failed: 30 * MIN,
    voicemail_left: 24 * 60 * MIN,
    abandoned: 60 * MIN,
    callback: 24 * 60 * MIN,
  },
  defaultDelayMs: 24 * 60 * MIN,
};

export function retryDelayMs(policy: RetryPolicy, lastDisposition: string | undefined): number {
  if (lastDisposition === undefined) return 0;
  return policy.delayMsByDisposition[lastDisposition] ?? policy.defaultDelayMs;
}
