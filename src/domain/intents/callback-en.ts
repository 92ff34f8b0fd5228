import type { DateTime } from 'luxon';
import { toHour24, ymd, ymdhm } from './calendar.ts';
import { findDateEn } from './dates-en.ts';
import { parseNumberWords } from './numbers-en.ts';

const CLOCK_RE = /\b(?:(at|after|around|by|past|before)\s+)?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|o'?clock)?\b/g;
const PART_OF_DAY_RE = /\b(morning|afternoon|evening|tonight|night|lunch|noon)\b/;

interface Clock {
  readonly hour: number;
  readonly minute: number;
}

/** A clock time needs a cue ("at", "after", am/pm, o'clock) so that amounts are not read as times. */
function findClock(t: string): Clock | undefined {
  const part = PART_OF_DAY_RE.exec(t)?.[1];
  if (/\bat noon\b/.test(t)) return { hour: 12, minute: 0 };
  for (const m of t.matchAll(CLOCK_RE)) {
    const [, cue, hourText, minuteText, suffix] = m;
    if (!cue && !suffix) continue;
    const hour = hourText === undefined ? undefined : /^\d+$/.test(hourText) ? Number(hourText) : parseNumberWords(hourText);
    if (hour === undefined || hour > 23) continue;
    const suffixPart = suffix?.startsWith('a') ? 'am' : suffix?.startsWith('p') ? 'pm' : undefined;
    const partPm = part === 'afternoon' || part === 'evening' || part === 'tonight' || part === 'night' ? 'pm' : part === 'morning' ? 'am' : undefined;
    return { hour: hour > 12 ? hour : toHour24(hour, suffixPart ?? partPm), minute: Number(minuteText ?? 0) };
  }
  return undefined;
}

/**
 * callback_time per intents.md: `YYYY-MM-DDTHH:MM` with a clock time (a window uses its start), a bare
 * `YYYY-MM-DD` for a day or part of day, nothing for "in an hour", "later" or a standing restriction.
 */
export function findCallbackEn(t: string, now: DateTime): string | undefined {
  const today = now.startOf('day');
  // "right now" is when they cannot talk, not when to call back.
  const day = findDateEn(t.replace(/\b(right now|now)\b/g, ' '), today, false, true).date;
  const clock = findClock(t);
  const hasPart = PART_OF_DAY_RE.test(t) && !/\b(every|in the mornings|at night)\b/.test(t) && !/\b(not|don't|never)\b/.test(t);
  if (clock) {
    if (day) return `${day}T${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;
    if (/\b(not|don't|never) (before|after|call)|\bonly\b/.test(t)) return undefined; // "not before 9" is a standing restriction
    const at = today.set({ hour: clock.hour, minute: clock.minute });
    return ymdhm(at > now ? today : today.plus({ days: 1 }), clock.hour, clock.minute);
  }
  if (day) return day;
  return hasPart ? ymd(today) : undefined;
}
