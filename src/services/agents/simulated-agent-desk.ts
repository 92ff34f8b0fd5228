import type { AgentDesk, AgentSession } from '../../ports/agent-desk.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';

/**
 * Simulated agents for the pacing simulator: each takes one live call at a time for a handle time drawn
 * from `sampleHandleMs`. First come, first served; a waiting call is abandoned when its grace runs out.
 */
export function createSimulatedAgentDesk(clock: Clock, agents: number, sampleHandleMs: () => number): AgentDesk {
  const busySince = new Map<string, number>();
  const free: string[] = Array.from({ length: agents }, (_, i) => `sim-agent-${i + 1}`);
  const waiters: Array<{ resolve: (s: AgentSession | undefined) => void; timer: TimerHandle }> = [];
  const timers = new Set<TimerHandle>();

  const start = (agentId: string): AgentSession => {
    busySince.set(agentId, clock.now());
    const handleMs = Math.max(1000, sampleHandleMs());
    const finished = new Promise<{ handleMs: number }>((resolve) => {
      const t = clock.setTimer(() => {
        timers.delete(t);
        busySince.delete(agentId);
        resolve({ handleMs });
        release(agentId);
      }, handleMs);
      timers.add(t);
    });
    return { agentId, finished };
  };

  const release = (agentId: string): void => {
    const waiter = waiters.shift();
    if (waiter) {
      clock.clearTimer(waiter.timer);
      waiter.resolve(start(agentId));
    } else free.push(agentId);
  };

  return {
    connect: (_callId, graceMs) => {
      const agentId = free.shift();
      if (agentId) return Promise.resolve(start(agentId));
      return new Promise((resolve) => {
        const waiter = {
          resolve,
          timer: clock.setTimer(() => {
            const i = waiters.indexOf(waiter);
            if (i >= 0) waiters.splice(i, 1);
            resolve(undefined);
          }, graceMs),
        };
        waiters.push(waiter);
      });
    },
    snapshot: () => {
      const now = clock.now();
      return { loggedIn: agents, ready: free.length, busyElapsedMs: [...busySince.values()].map((t) => now - t), waiting: waiters.length };
    },
    close: () => {
      for (const t of timers) clock.clearTimer(t);
      for (const w of waiters.splice(0)) {
        clock.clearTimer(w.timer);
        w.resolve(undefined);
      }
    },
  };
}
