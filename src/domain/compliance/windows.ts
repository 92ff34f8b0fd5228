import type { HolidayCalendar } from './holidays.ts';
import { contains, intersect, normalize, subtract } from './intervals.ts';
import { blockedHours, localLabel, openIntervals, weeklyHours, type DayHours } from './local-time.ts';
import type { HolidayRule, WindowRule } from './rules.ts';
import type { BlockedWindow, Interval, RuleResult } from './types.ts';
import type { ZoneOffsets } from './zone-offsets.ts';

/**
 * Window-type rules (calling hours, holidays, consumer-blocked times) over a horizon of instants. Each rule's
 * open time is the intersection over every candidate zone, so it is never wider than any one zone's window.
 */

export interface WindowEvaluation {
  readonly results: readonly RuleResult[];
  /** Instants when every window-type rule is open. */
  readonly open: readonly Interval[];
}

const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

function hoursLabel(rule: WindowRule): string {
  const spans = new Set(Object.entries(rule.hours).map(([d, h]) => `${d} ${(h ?? []).map(([s, e]) => `${hhmm(s)}–${hhmm(e)}`).join(',')}`));
  const uniform = new Set(Object.values(rule.hours).map((h) => JSON.stringify(h)));
  const first = Object.values(rule.hours)[0]?.[0];
  return uniform.size === 1 && Object.keys(rule.hours).length === 7 && first ? `${hhmm(first[0])}–${hhmm(first[1])}` : [...spans].join('; ');
}

function holidayHours(rule: HolidayRule, calendar: HolidayCalendar, state: string | undefined): DayHours {
  return (day) => {
    const off = rule.calendar === 'us-public' ? calendar.usPublicHoliday(day.isoDate, state) : calendar.cnRestDay(day.isoDate);
    return off ? [] : [[0, 1440]];
  };
}

interface Ctx {
  readonly zones: readonly string[];
  readonly fromMs: number;
  readonly toMs: number;
  readonly nowMs: number;
  readonly offsets: ZoneOffsets;
}

function perZone(ctx: Ctx, hours: DayHours, cacheKey?: string): { zone: string; open: Interval[] }[] {
  return ctx.zones.map((zone) => ({ zone, open: openIntervals(ctx.offsets, zone, ctx.fromMs, ctx.toMs, hours, cacheKey) }));
}

function evaluateOne(ruleId: string, label: string, ctx: Ctx, hours: DayHours, cacheKey: string): { result: RuleResult; open: Interval[] } {
  const zoned = perZone(ctx, hours, cacheKey);
  const open = zoned.reduce<Interval[]>((acc, z) => intersect(acc, z.open), [{ startMs: ctx.fromMs, endMs: ctx.toMs }]);
  const closedIn = zoned.filter((z) => !contains(z.open, ctx.nowMs)).map((z) => `${z.zone} (${localLabel(ctx.offsets, ctx.nowMs, z.zone)})`);
  const inputs = { zones: ctx.zones, hours: label, at: new Date(ctx.nowMs).toISOString() };
  if (ctx.zones.length === 0) return { result: { rule: ruleId, pass: false, detail: 'no candidate time zone: location unknown', inputs }, open: [] };
  const pass = contains(open, ctx.nowMs);
  let detail: string;
  if (pass) detail = `inside ${label} local time in all ${ctx.zones.length} candidate zone(s)`;
  else if (open.length === 0 && zoned.every((z) => z.open.length > 0)) detail = `not callable: the ${label} windows of the candidate zones ${ctx.zones.join(', ')} do not overlap in the next 24 hours`;
  else if (closedIn.length === 0) detail = `outside ${label}: the candidate zones are not open at the same time now`;
  else detail = `outside ${label} local time in ${closedIn.join(', ')}`;
  return { result: { rule: ruleId, pass, detail, inputs }, open };
}

export function evaluateWindows(
  windowRules: readonly WindowRule[],
  holidayRules: readonly HolidayRule[],
  blocked: readonly BlockedWindow[],
  ctx: Ctx & { readonly calendar: HolidayCalendar; readonly state: string | undefined },
): WindowEvaluation {
  const results: RuleResult[] = [];
  let open: Interval[] = [{ startMs: ctx.fromMs, endMs: ctx.toMs }];
  for (const rule of windowRules) {
    const one = evaluateOne(rule.id, hoursLabel(rule), ctx, weeklyHours(rule.hours), ctx.offsets.idOf(rule.hours));
    results.push(one.result);
    open = intersect(open, one.open);
  }
  for (const rule of holidayRules) {
    const label = rule.calendar === 'us-public' ? 'non-holiday days' : 'Chinese working days';
    const one = evaluateOne(rule.id, label, ctx, holidayHours(rule, ctx.calendar, ctx.state), `${rule.id}:${rule.calendar}:${ctx.state ?? ''}`);
    results.push({ ...one.result, detail: one.result.pass ? 'not a holiday in any candidate zone' : 'a holiday / rest day in a candidate zone' });
    open = intersect(open, one.open);
  }
  if (blocked.length > 0) {
    // Blocked times are subtracted in every candidate zone: the consumer's "at work" is local to wherever they are.
    const blockedAll = normalize(perZone(ctx, blockedHours(blocked)).flatMap((z) => z.open));
    const inside = contains(blockedAll, ctx.nowMs);
    results.push({
      rule: 'consumer.blocked',
      pass: !inside,
      detail: inside ? 'inside a time the consumer designated as inconvenient' : 'outside the consumer-designated inconvenient times',
      inputs: { blockedWindows: blocked.map((b) => `${b.days.join(',')} ${hhmm(b.startMinute)}–${hhmm(b.endMinute)}`) },
    });
    open = subtract(open, blockedAll);
  }
  return { results, open };
}
