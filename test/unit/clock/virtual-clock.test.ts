import { createServer, connect, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { virtualClock } from '../../../src/adapters/clock/virtual-clock.ts';

const START = Date.parse('2026-03-03T14:00:00Z');

function waitFor(clock: ReturnType<typeof virtualClock>, ms: number): Promise<number> {
  return new Promise((resolve) => clock.setTimer(() => resolve(clock.now()), ms));
}

describe('virtual clock (simulations run as fast as the work allows, never late)', () => {
  it('fires timers in time order at their simulated time, and a cleared one never', async () => {
    const clock = virtualClock(START, 10);
    const fired: Array<[string, number]> = [];
    clock.setTimer(() => fired.push(['c', clock.now() - START]), 3_000);
    clock.setTimer(() => fired.push(['a', clock.now() - START]), 1_000);
    const cleared = clock.setTimer(() => fired.push(['x', clock.now() - START]), 2_000);
    clock.setTimer(() => fired.push(['b', clock.now() - START]), 2_500);
    clock.clearTimer(cleared);
    clock.start();
    await waitFor(clock, 5_000);
    clock.stop();
    expect(fired).toEqual([
      ['a', 1_000],
      ['b', 2_500],
      ['c', 3_000],
    ]);
  });

  it('an hour of simulated time passes in far less than an hour when nothing is busy', async () => {
    const clock = virtualClock(START, 10);
    clock.start();
    const t0 = performance.now();
    const at = await waitFor(clock, 3_600_000);
    clock.stop();
    expect(at - START).toBe(3_600_000);
    expect(performance.now() - t0).toBeLessThan(3_600_000);
  });

  it('time stands still while a callback keeps the CPU busy, so work done then is not late', async () => {
    const clock = virtualClock(START, 10);
    clock.start();
    const [atStart, afterWork] = await new Promise<[number, number]>((resolve) =>
      clock.setTimer(() => {
        const t0 = clock.now();
        const spinUntil = performance.now() + 60;
        while (performance.now() < spinUntil) {
          /* 60 ms of real work: on a ×40 wall clock 2.4 simulated seconds would pass */
        }
        setImmediate(() => resolve([t0, clock.now()]));
      }, 100),
    );
    clock.stop();
    expect(atStart - START).toBe(100);
    expect(afterWork - atStart).toBeLessThanOrEqual(10);
  });

  it('a request/reply over a real socket takes a few steps of simulated time, not wall-clock time', async () => {
    const server = createServer((s) => s.on('data', (d) => s.write(d)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const clock = virtualClock(START, 10);
    clock.start();
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.on('connect', resolve));
    const sentAt = clock.now();
    const repliedAt = await new Promise<number>((resolve) => {
      socket.once('data', () => resolve(clock.now()));
      socket.write('ping');
    });
    clock.stop();
    socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(repliedAt - sentAt).toBeLessThanOrEqual(100);
  });

  it('a timer that keeps re-arming itself with no delay cannot hold time still', async () => {
    const clock = virtualClock(START, 10);
    let spins = 0;
    const spin = (): void => {
      spins += 1;
      clock.setTimer(spin, 0);
    };
    clock.setTimer(spin, 0);
    clock.start();
    const at = await waitFor(clock, 1_000);
    clock.stop();
    expect(at - START).toBe(1_000);
    expect(spins).toBeGreaterThan(10);
  });

  it('a timer with a delay that is not a number fires at once instead of blocking every later timer', async () => {
    const clock = virtualClock(START, 10);
    const fired: string[] = [];
    clock.setTimer(() => fired.push('nan'), Number.NaN);
    clock.setTimer(() => fired.push('later'), 50);
    clock.start();
    await waitFor(clock, 100);
    clock.stop();
    expect(fired).toEqual(['nan', 'later']);
  });

  it('refuses a step that would never advance', () => {
    expect(() => virtualClock(START, 0)).toThrow(/stepMs must be > 0/);
  });
});
