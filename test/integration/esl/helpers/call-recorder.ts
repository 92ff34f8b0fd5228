/** Collects the events of one leg and lets a test await them (no sleeps: every wait is on an event). */
import type { CallEvent, CallEventListener, CallEventType } from '../../../../src/ports/media-control.ts';

export interface CallRecorder {
  readonly listener: CallEventListener;
  readonly events: CallEvent[];
  types(): CallEventType[];
  waitFor<T extends CallEventType>(type: T, nth?: number): Promise<Extract<CallEvent, { type: T }>>;
}

export function callRecorder(): CallRecorder {
  const events: CallEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    listener: (event) => {
      events.push(event);
      for (const w of [...waiters]) w();
    },
    types: () => events.map((e) => e.type),
    waitFor: <T extends CallEventType>(type: T, nth = 1) =>
      new Promise<Extract<CallEvent, { type: T }>>((resolve) => {
        const check = (): void => {
          const found = events.filter((e) => e.type === type);
          if (found.length >= nth) {
            waiters.delete(check);
            resolve(found[nth - 1] as Extract<CallEvent, { type: T }>);
          }
        };
        waiters.add(check);
        check();
      }),
  };
}
