/**
 * Where live answers go when a campaign has human agents. The SIP warm-transfer work brings a desk backed
 * by real agent phones; today the simulated desk (src/services/agents/simulated-agent-desk.ts) serves the
 * pacing simulator and progressive/predictive demos.
 */
export interface AgentSession {
  readonly agentId: string;
  /** Resolves when the agent has finished the call (talk + wrap-up). */
  readonly finished: Promise<{ readonly handleMs: number }>;
}

export interface AgentDeskSnapshot {
  readonly loggedIn: number;
  readonly ready: number;
  /** ms since each busy agent's call was connected. */
  readonly busyElapsedMs: readonly number[];
  readonly waiting: number;
}

export interface AgentDesk {
  /** Waits at most `graceMs` for a free agent; undefined means nobody was free in time (an abandoned call). */
  connect(callId: string, graceMs: number): Promise<AgentSession | undefined>;
  snapshot(): AgentDeskSnapshot;
  close(): void;
}
