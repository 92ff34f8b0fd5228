/**
 * Hot shared state between dialer processes: line and CPS budgets, campaign leases, agent states and
 * pacing counters. Redis in production (atomic Lua scripts); an in-memory implementation with the same
 * semantics serves the single-process demo. Every operation is atomic on its own.
 */
export interface LineScope {
  /** e.g. `trunk:lab`, `node:fs1`, `campaign:C1` */
  readonly key: string;
  readonly limit: number;
}

export interface HotState {
  /**
   * Takes one line in every scope at once, or none: a call counts against its trunk and its FreeSWITCH node
   * together. `ttlMs` bounds how long a line held by a crashed process stays taken.
   */
  acquireLines(scopes: readonly LineScope[], callId: string, ttlMs: number): Promise<boolean>;
  releaseLines(scopeKeys: readonly string[], callId: string): Promise<void>;
  linesInUse(scopeKey: string): Promise<number>;
  /** Sliding one-second window: true and counted if fewer than `perSecond` originations in the last second. */
  takeCpsToken(scopeKey: string, perSecond: number, nowMs: number): Promise<boolean>;
  /** Lease (campaign ownership): true if `owner` now holds it (newly or renewed). */
  acquireLease(leaseKey: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(leaseKey: string, owner: string): Promise<void>;
  leaseOwner(leaseKey: string): Promise<string | undefined>;
  /** Small shared maps: agent states, pacing counters. */
  hashSet(key: string, field: string, value: string): Promise<void>;
  hashIncrBy(key: string, field: string, by: number): Promise<number>;
  hashGetAll(key: string): Promise<Record<string, string>>;
  close(): Promise<void>;
}
