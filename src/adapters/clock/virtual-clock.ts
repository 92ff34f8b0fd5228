import { EventQueue } from '../../domain/pacing/sim/event-queue.ts';
import type { Clock, TimerHandle } from '../../ports/clock.ts';

export interface VirtualClock extends Clock {
  /** Starts advancing time; until then timers wait. */
  start(): void;
  /** Stops advancing; pending timers never fire. */
  stop(): void;
  /** Event-loop turns taken so far (each advanced time by at most `stepMs`). */
  readonly turns: number;
}

interface Entry {
  readonly id: number;
  readonly fn: () => void;
}

/**
 * Simulated time that advances with the work, not with the wall clock: every event-loop turn fires the
 * timers that are due and then moves time on by at most `stepMs` (straight to the next timer if it is
 * nearer). Whatever a turn starts — TCP traffic between the controller and the lab, store writes, promise
 * chains — runs in real time while simulated time stands still, so a busy CPU slows the simulation down
 * instead of making events late (the scaled clock's weakness: at ×40 a 70 ms stall is 2.8 simulated
 * seconds, more than the 2 s abandon grace). One hop over the loopback socket takes about one turn, i.e.
 * ≤ `stepMs` of simulated latency, comparable to a real network and switch.
 *
 * Everything in the simulation must take its time from this clock (the lab, the ESL adapter, the
 * runners and the simulated agents all do); a real `setTimeout` inside would run at wall-clock pace.
 */
export function virtualClock(startMs: number, stepMs = 10): VirtualClock {
  if (!(stepMs > 0)) throw new RangeError(`stepMs must be > 0, got ${stepMs}`);
  const queue = new EventQueue<Entry>();
  const live = new Map<number, Entry>();
  let nowMs = startMs;
  let nextId = 1;
  let running = false;
  // Each start() begins a new loop; a loop from before a stop() ends when it sees a newer generation.
  let generation = 0;
  let turns = 0;

  const fireDue = (): void => {
    // Only timers that existed when the turn began: a zero-delay timer set now waits for the next turn,
    // after the I/O this turn started (and a callback re-arming itself cannot hold the loop).
    const firstNew = nextId;
    const deferred: { atMs: number; entry: Entry }[] = [];
    for (let t = queue.peekTime(); t !== undefined && t <= nowMs; t = queue.peekTime()) {
      const item = queue.pop();
      if (!item) break;
      if (item.event.id >= firstNew) {
        deferred.push({ atMs: item.atMs, entry: item.event });
        continue;
      }
      if (!live.delete(item.event.id)) continue; // cleared meanwhile
      try {
        item.event.fn();
      } catch (err) {
        // As with setTimeout: the error is uncaught, but the other due timers still fire.
        setImmediate(() => {
          throw err;
        });
      }
    }
    for (const d of deferred) queue.push(d.atMs, d.entry);
  };

  const turn = (gen: number): void => {
    if (!running || gen !== generation) return;
    turns += 1;
    fireDue();
    const next = queue.peekTime();
    nowMs = next !== undefined && next > nowMs ? Math.min(next, nowMs + stepMs) : nowMs + stepMs;
    setImmediate(turn, gen);
  };

  return {
    now: () => nowMs,
    setTimer(fn, delayMs) {
      const entry = { id: nextId++, fn };
      live.set(entry.id, entry);
      // Like setTimeout, a delay that is not a finite number of ms is treated as none.
      queue.push(nowMs + (Number.isFinite(delayMs) ? Math.max(0, delayMs) : 0), entry);
      return entry.id as unknown as TimerHandle;
    },
    clearTimer(handle) {
      live.delete(handle as unknown as number);
    },
    start() {
      if (running) return;
      running = true;
      generation += 1;
      setImmediate(turn, generation);
    },
    stop() {
      running = false;
    },
    get turns() {
      return turns;
    },
  };
}
