/** Character spans consumed by one slot extractor, so the next one does not read them again. */
export type Span = readonly [start: number, end: number];

/** Blank the spans (same length, so later offsets stay valid): "on the 3rd" is not an amount of 3. */
export function maskSpans(text: string, spans: readonly Span[]): string {
  let out = text;
  for (const [start, end] of spans) out = out.slice(0, start) + ' '.repeat(end - start) + out.slice(end);
  return out;
}

export function matchSpan(m: RegExpExecArray): Span {
  return [m.index, m.index + m[0].length];
}

export interface DateFinding {
  readonly date?: string;
  readonly unresolved?: { readonly text: string; readonly reason: string };
  readonly spans: readonly Span[];
}
