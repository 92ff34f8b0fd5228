/**
 * A virtual clock for the lab that moves only when the test says so: the next timer fires when the test
 * is waiting for a message that has not come. So a replay never races the simulation, however slow the
 * machine: the order of events depends on the lab's logic alone, never on timing.
 */
import type { Clock, TimerHandle } from '../../../src/ports/clock.ts';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(startMs = Date.UTC(2026, 10, 23, 6, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, delayMs), fn };
    this.timers.push(timer);
    // Stable order: earlier time first, then creation order (like the event loop).
    this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
    return timer.id as unknown as TimerHandle;
  }

  clearTimer(handle: TimerHandle): void {
    const id = handle as unknown as number;
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Fires every timer due at the earliest pending time; false if there is none. */
  fireNext(): boolean {
    const first = this.timers[0];
    if (!first) return false;
    this.current = Math.max(this.current, first.at);
    while (this.timers[0] && this.timers[0].at <= this.current) {
      const t = this.timers.shift()!;
      t.fn();
    }
    return true;
  }
}
