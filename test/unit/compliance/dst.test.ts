import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { openIntervals, weeklyHours } from '../../../src/domain/compliance/local-time.ts';
import { US_PROFILE } from '../../../src/domain/compliance/profiles.ts';
import { createZoneOffsets, localToUtcMs } from '../../../src/domain/compliance/zone-offsets.ts';

/** Days around DST changes in zones with different rules (US, EU, southern hemisphere, a 30-minute DST). */
const DST_DAYS: [string, string][] = [
  ['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01'],
  ['America/Los_Angeles', '2026-03-08'], ['America/Denver', '2026-11-01'],
  ['Europe/London', '2026-03-29'], ['Europe/Berlin', '2026-10-25'],
  ['Australia/Sydney', '2026-04-05'], ['Australia/Sydney', '2026-10-04'],
  ['Australia/Lord_Howe', '2026-04-05'], ['America/Santiago', '2026-04-05'],
  ['America/Phoenix', '2026-03-08'], ['Asia/Shanghai', '2026-03-08'],
];

const us = US_PROFILE.rules.find((r) => r.id === 'us.window');
if (us?.kind !== 'window') throw new Error('us.window missing');

describe('DST days', () => {
  it('local wall time → instant agrees with luxon around every transition (earlier of two in a repeated hour)', () => {
    const offsets = createZoneOffsets();
    fc.assert(
      fc.property(fc.constantFrom(...DST_DAYS), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 0, max: 1439 }), ([zone, date], dayShift, minute) => {
        const day = DateTime.fromISO(date, { zone: 'UTC' }).plus({ days: dayShift });
        const wall = day.toMillis() + minute * 60_000;
        const expected = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: Math.floor(minute / 60), minute: minute % 60 }, { zone }).toMillis();
        const got = localToUtcMs(offsets, zone, wall);
        const wallOf = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm');
        const wanted = day.toFormat('yyyy-LL-dd') + ' ' + DateTime.fromMillis(wall, { zone: 'UTC' }).toFormat('HH:mm');
        if (wallOf(expected) === wanted) {
          // An existing wall time: ours reads the same; in a repeated hour luxon takes the later, we the earlier.
          expect(wallOf(got)).toBe(wanted);
          expect(got).toBeLessThanOrEqual(expected);
        } else {
          expect(got).toBe(expected); // in a spring-forward gap both move forward by the gap
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the 08:00–21:00 window on a DST day is open exactly when luxon says the local hour is 8–20', () => {
    const offsets = createZoneOffsets();
    fc.assert(
      fc.property(fc.constantFrom(...DST_DAYS), fc.integer({ min: 0, max: 48 * 60 - 1 }), ([zone, date], minute) => {
        const fromMs = DateTime.fromISO(date, { zone }).startOf('day').toMillis();
        const open = openIntervals(offsets, zone, fromMs, fromMs + 2 * 86_400_000, weeklyHours(us.hours));
        const t = fromMs + minute * 60_000;
        const hour = DateTime.fromMillis(t, { zone }).hour;
        expect(open.some((i) => i.startMs <= t && t < i.endMs)).toBe(hour >= 8 && hour < 21);
      }),
      { numRuns: 2000 },
    );
  });

  it('the spring-forward day has a 13-hour window that starts an hour earlier in UTC than the day before', () => {
    const offsets = createZoneOffsets();
    const from = Date.parse('2026-03-07T05:00:00Z'); // 00:00 EST
    const open = openIntervals(offsets, 'America/New_York', from, from + 3 * 86_400_000, weeklyHours(us.hours));
    expect(open.map((i) => [new Date(i.startMs).toISOString(), new Date(i.endMs).toISOString()])).toEqual([
      ['2026-03-07T13:00:00.000Z', '2026-03-08T02:00:00.000Z'],
      ['2026-03-08T12:00:00.000Z', '2026-03-09T01:00:00.000Z'],
      ['2026-03-09T12:00:00.000Z', '2026-03-10T01:00:00.000Z'],
    ]);
  });
});
