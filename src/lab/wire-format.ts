/**
 * Byte-level shapes of what FreeSWITCH 1.10.12 writes on the inbound event socket (see
 * shared reference freeswitch-esl.md §1 and the captures): replies, api responses, events, notices.
 */

// switch_url_encode_opt with SWITCH_URL_UNSAFE; "%XX" with upper-case hex digits passes through unencoded.
const UNSAFE = new Set([...' #%&+:;<=>?@[\\]^`{|}"']);

export function fsUrlEncode(value: string): string {
  const bytes = Buffer.from(value, 'utf8');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const ch = String.fromCharCode(b);
    if (ch === '%' && i + 2 < bytes.length + 0 && isUpperHex(bytes[i + 1]) && isUpperHex(bytes[i + 2])) {
      out += ch;
      continue;
    }
    if (b < 0x20 || b > 0x7e || UNSAFE.has(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

function isUpperHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46));
}

export const AUTH_REQUEST = 'Content-Type: auth/request\n\n';
export const GOODBYE = 'Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';

export function commandReply(replyText: string, extra: ReadonlyArray<readonly [string, string]> = []): string {
  return `Content-Type: command/reply\nReply-Text: ${replyText}\n${extra.map(([n, v]) => `${n}: ${v}\n`).join('')}\n`;
}

export function apiResponse(body: string): string {
  return `Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`;
}

export function disconnectNotice(controlledSessionUuid?: string): string {
  const session = controlledSessionUuid
    ? `Controlled-Session-UUID: ${controlledSessionUuid}\nContent-Disposition: disconnect\n`
    : '';
  return `Content-Type: text/disconnect-notice\n${session}Content-Length: ${Buffer.byteLength(GOODBYE)}\n\n${GOODBYE}`;
}

export type EventFormat = 'plain' | 'json';

export interface WireEvent {
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body?: string | undefined;
}

export function serializePlain(event: WireEvent): string {
  let text = event.headers.map(([n, v]) => `${n}: ${fsUrlEncode(v)}\n`).join('');
  if (event.body !== undefined) text += `Content-Length: ${Buffer.byteLength(event.body)}\n\n${event.body}`;
  else text += '\n';
  return `Content-Length: ${Buffer.byteLength(text)}\nContent-Type: text/event-plain\n\n${text}`;
}

/** cJSON output: compact, every value a string; duplicate header names stay duplicated, as FreeSWITCH does. */
export function serializeJson(event: WireEvent): string {
  const parts = event.headers.map(([n, v]) => `${JSON.stringify(n)}:${JSON.stringify(v)}`);
  if (event.body !== undefined) {
    parts.push(`"Content-Length":${JSON.stringify(String(Buffer.byteLength(event.body)))}`);
    parts.push(`"_body":${JSON.stringify(event.body)}`);
  }
  const text = `{${parts.join(',')}}`;
  return `Content-Length: ${Buffer.byteLength(text)}\nContent-Type: text/event-json\n\n${text}`;
}

export function serializeEvent(event: WireEvent, format: EventFormat): string {
  return format === 'json' ? serializeJson(event) : serializePlain(event);
}
