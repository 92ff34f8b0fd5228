import { readFileSync } from 'node:fs';
import type { ComplianceContext } from '../../domain/compliance/decide.ts';
import { createHolidayCalendar } from '../../domain/compliance/holidays.ts';
import { BUILT_IN_PROFILES, cnWithWindowEnd } from '../../domain/compliance/profiles.ts';
import { createZoneOffsets } from '../../domain/compliance/zone-offsets.ts';
import { loadPhoneZoneTable } from './phone-zone-table.ts';

/** Builds the compliance reference data once (phone zone map, calendars, profiles) for the composition root. */
export interface ComplianceContextOptions {
  /** Local end of the `cn` calling window in minutes after midnight (21:00 = 1260, 22:00 = 1320). */
  readonly cnWindowEndMinute?: number;
  readonly dncPatterns?: readonly string[];
}

export function buildComplianceContext(opts: ComplianceContextOptions = {}): ComplianceContext {
  const profiles = opts.cnWindowEndMinute === undefined ? BUILT_IN_PROFILES : { ...BUILT_IN_PROFILES, cn: cnWithWindowEnd(opts.cnWindowEndMinute) };
  return {
    phoneZones: loadPhoneZoneTable(),
    holidays: createHolidayCalendar(),
    profiles,
    dncPatterns: opts.dncPatterns ?? [],
    offsets: createZoneOffsets(),
  };
}

export class DncListError extends Error {
  readonly code = 'DNC_LIST_INVALID';
  readonly retryable = false;
}

/** An internal DNC list file: one number or pattern per line ("+1208*", "+1208555XXXX"); "#" starts a comment. */
export function readDncFile(file: string): string[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const out: string[] = [];
  lines.forEach((line, i) => {
    const entry = line.replace(/#.*/, '').trim();
    if (entry === '') return;
    if (!/^\+?[\d\s\-().X?]*\*?$/i.test(entry) || !/\d/.test(entry)) throw new DncListError(`${file}:${i + 1}: "${entry}" is not a number or pattern (digits, X or ? for one digit, trailing *)`);
    out.push(entry);
  });
  return out;
}
