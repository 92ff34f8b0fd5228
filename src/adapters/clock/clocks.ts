import type { Clock, TimerHandle } from '../../ports/clock.ts';

/** Wall-clock time. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimer: (fn, delayMs) => setTimeout(fn, Math.max(0, delayMs)) as unknown as TimerHandle,
  clearTimer: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};

/**
 * A clock that runs `factor` times faster than the wall clock, starting at `startMs`. Every party of a
 * simulation (lab, pacer, call runners) shares one instance, so relative order of timers is preserved while
 * an 8-hour shift takes minutes. Timers still go through the event loop, so TCP traffic between controller
 * and lab interleaves as it would in real time, only compressed.
 */
export function scaledClock(factor: number, startMs: number = Date.now()): Clock {
  if (!(factor > 0)) throw new RangeError(`clock factor must be > 0, got ${factor}`);
  const realStart = performance.now();
  return {
    now: () => startMs + (performance.now() - realStart) * factor,
    setTimer: (fn, delayMs) => setTimeout(fn, Math.max(0, delayMs) / factor) as unknown as TimerHandle,
    clearTimer: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
  };
}
