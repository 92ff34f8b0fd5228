import Holidays from 'date-holidays';
import chineseDays from 'chinese-days';

/**
 * Holiday calendars for the `holiday` rules. Pure computation (no I/O) but not free: building a US state's
 * calendar costs milliseconds, so one calendar object is made at the composition root and caches per
 * jurisdiction and year.
 */
export interface HolidayCalendar {
  /** True when `isoDate` (local date) is a public holiday in the US state (federal days when state is unknown). */
  usPublicHoliday(isoDate: string, state: string | undefined): boolean;
  /** True when `isoDate` is a Chinese rest day: statutory holiday or weekend, but not a make-up working day. */
  cnRestDay(isoDate: string): boolean;
}

export function createHolidayCalendar(): HolidayCalendar {
  const usCache = new Map<string, ReadonlySet<string>>();
  const usDays = (state: string | undefined, year: string): ReadonlySet<string> => {
    const key = `${state ?? ''}:${year}`;
    let days = usCache.get(key);
    if (days === undefined) {
      const hd = state ? new Holidays('US', state) : new Holidays('US');
      // Only 'public' days: 'observance' and 'optional' days are ordinary working days for most consumers.
      days = new Set(hd.getHolidays(Number(year)).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
      usCache.set(key, days);
    }
    return days;
  };
  const cnCache = new Map<string, boolean>();
  return {
    usPublicHoliday: (isoDate, state) => usDays(state?.toUpperCase(), isoDate.slice(0, 4)).has(isoDate),
    cnRestDay: (isoDate) => {
      let rest = cnCache.get(isoDate);
      if (rest === undefined) {
        rest = !chineseDays.isWorkday(isoDate);
        cnCache.set(isoDate, rest);
      }
      return rest;
    },
  };
}
