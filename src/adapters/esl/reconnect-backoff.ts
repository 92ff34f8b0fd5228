/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from `baseMs`, capped at `maxMs`
 * (RECOLLECT_ESL_RECONNECT_MAX_MS), with "equal jitter" so that many controllers do not reconnect to a restarted
 * switch in lockstep. `random` is injected (0 ≤ r < 1) to keep this pure and testable.
 */
export function reconnectDelayMs(attempt: number, baseMs: number, maxMs: number, random: number): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + (exp / 2) * random);
}
