/**
 * ESL framing: turns the bytes FreeSWITCH sends on the event socket into messages.
 *
 * A message is a block of `Name: value` lines ended by an empty line, then `Content-Length` bytes of body
 * if that header is present. Header order is not fixed (events put Content-Length first, api/response puts
 * Content-Type first; command/reply has no length at all), so nothing here depends on it.
 * For `text/event-plain` the body is itself an event: URL-encoded headers, an empty line, and an optional
 * inner body sized by the event's own Content-Length. For `text/event-json` the body is JSON with every
 * value a string and the inner body in `_body`.
 */

export interface EslMessage {
  /** Outer headers (Content-Type, Reply-Text, Job-UUID, …), in wire order. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly contentType: string;
  readonly body: string;
}

export interface EslEvent {
  readonly format: 'plain' | 'json';
  /** Event headers in wire order, values decoded. */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string | undefined;
}

export class EslFramingError extends Error {
  readonly code = 'ESL_FRAMING';
  readonly retryable = false;
}

function parseHeaderBlock(block: string, decode: boolean): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of block.split('\n')) {
    if (line === '') continue;
    const idx = line.indexOf(': ');
    if (idx <= 0) throw new EslFramingError(`malformed header line: ${JSON.stringify(line.slice(0, 80))}`);
    const name = line.slice(0, idx);
    const raw = line.slice(idx + 2);
    out.push([name, decode ? safeDecode(raw) : raw]);
  }
  return out;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value; // FreeSWITCH does not encode every '%'; keep the raw value rather than lose it.
  }
}

/** Incremental parser: feed chunks as they arrive, get whole messages back. */
export class EslFrameParser {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer | string): EslMessage[] {
    this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    const messages: EslMessage[] = [];
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const headers = parseHeaderBlock(this.buffer.subarray(0, end).toString('utf8'), false);
      const lengthHeader = headers.find(([n]) => n === 'Content-Length');
      const length = lengthHeader ? Number(lengthHeader[1]) : 0;
      if (!Number.isInteger(length) || length < 0) throw new EslFramingError(`bad Content-Length: ${lengthHeader?.[1]}`);
      if (this.buffer.length < end + 2 + length) break;
      const body = this.buffer.subarray(end + 2, end + 2 + length).toString('utf8');
      this.buffer = this.buffer.subarray(end + 2 + length);
      const contentType = headers.find(([n]) => n === 'Content-Type')?.[1] ?? '';
      messages.push({ headers, contentType, body });
    }
    return messages;
  }

  /** Bytes received but not yet a whole message (non-empty at close means a truncated stream). */
  get pendingBytes(): number {
    return this.buffer.length;
  }
}

export function parseEslStream(data: Buffer | string): EslMessage[] {
  const parser = new EslFrameParser();
  const messages = parser.push(data);
  if (parser.pendingBytes > 0) throw new EslFramingError(`stream ends inside a message (${parser.pendingBytes} bytes left)`);
  return messages;
}

export function header(message: { readonly headers: ReadonlyArray<readonly [string, string]> }, name: string): string | undefined {
  return message.headers.find(([n]) => n === name)?.[1];
}

/** Parses the event carried by a text/event-plain or text/event-json message. */
export function parseEvent(message: EslMessage): EslEvent {
  if (message.contentType === 'text/event-json') {
    let obj: unknown;
    try {
      obj = JSON.parse(message.body);
    } catch (err) {
      throw new EslFramingError(`event-json body is not JSON: ${(err as Error).message}`);
    }
    if (typeof obj !== 'object' || obj === null) throw new EslFramingError('event-json body is not an object');
    const entries = Object.entries(obj as Record<string, unknown>);
    const headers = entries.filter(([k]) => k !== '_body').map(([k, v]) => [k, String(v)] as const);
    const bodyValue = (obj as Record<string, unknown>)['_body'];
    return { format: 'json', headers, body: typeof bodyValue === 'string' ? bodyValue : undefined };
  }
  if (message.contentType === 'text/event-plain') {
    const split = message.body.indexOf('\n\n');
    const head = split < 0 ? message.body : message.body.slice(0, split);
    const headers = parseHeaderBlock(head, true);
    const innerLength = Number(headers.find(([n]) => n === 'Content-Length')?.[1] ?? 'NaN');
    const rest = split < 0 ? '' : message.body.slice(split + 2);
    const body = Number.isInteger(innerLength) ? Buffer.from(rest).subarray(0, innerLength).toString('utf8') : undefined;
    return { format: 'plain', headers, body };
  }
  throw new EslFramingError(`not an event message: ${message.contentType || '(no Content-Type)'}`);
}
