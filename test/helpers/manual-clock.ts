import type { Clock, TimerHandle } from '../../src/ports/clock.ts';

/** A clock that moves only when the test says so; timers fire in time order during `advance`. */
export class ManualClock implements Clock {
  private nowMs: number;
  private seq = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();

  constructor(startMs = Date.parse('2026-03-02T15:00:00Z')) {
    this.nowMs = startMs;
  }
  now(): number {
    return this.nowMs;
  }
  setTimer(fn: () => void, delayMs: number): TimerHandle {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.nowMs + Math.max(0, delayMs), fn });
    return this.seq as unknown as TimerHandle;
  }
  clearTimer(handle: TimerHandle): void {
    this.timers.delete(handle as unknown as number);
  }
  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const next = [...this.timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!next) break;
      this.timers.delete(next[0]);
      this.nowMs = next[1].at;
      next[1].fn();
    }
    this.nowMs = until;
  }
  get pendingTimers(): number {
    return this.timers.size;
  }
}
