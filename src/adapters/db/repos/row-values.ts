/** Small readers for SQL row values, shared by the repos (both adapters return the same shapes). */

export function str(v: unknown): string {
  return typeof v === 'string' ? v : String(v);
}

export function optStr(v: unknown): string | null {
  return v === null || v === undefined ? null : str(v);
}

/** bigint columns arrive as strings; the values we store stay within Number.MAX_SAFE_INTEGER. */
export function num(v: unknown): number {
  return typeof v === 'number' ? v : Number(v);
}

export function optNum(v: unknown): number | null {
  return v === null || v === undefined ? null : num(v);
}

export function iso(v: unknown): string {
  return v instanceof Date ? v.toISOString() : new Date(str(v)).toISOString();
}

export function optIso(v: unknown): string | null {
  return v === null || v === undefined ? null : iso(v);
}
