/**
 * Time as the services and the lab see it. The domain never reads time itself (it gets `now` as an
 * argument); services and the lab take a Clock so that simulations can run on a faster clock with the same
 * event order and the same logic.
 */
export interface TimerHandle {
  readonly __timer: unique symbol;
}

export interface Clock {
  /** Milliseconds since the Unix epoch, on this clock. */
  now(): number;
  /** Calls `fn` after `delayMs` of this clock's time. */
  setTimer(fn: () => void, delayMs: number): TimerHandle;
  clearTimer(handle: TimerHandle): void;
}
