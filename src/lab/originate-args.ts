/** Parses `originate` arguments the way mod_commands does (enough for what a dialer sends). */

export const ORIGINATE_USAGE =
  '-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n';

export interface DialTarget {
  readonly endpoint: 'sofia' | 'loopback';
  /** What the population matches: the number of a gateway call, the user of a URI, the loopback extension. */
  readonly user: string;
  readonly channelName: string;
  readonly context: string;
}

export interface OriginateRequest {
  readonly vars: ReadonlyArray<readonly [string, string]>;
  readonly dialString: string;
  readonly target: DialTarget | undefined;
  /** `&app(args)` or an extension to transfer to. */
  readonly app: { readonly name: string; readonly arg: string } | undefined;
  readonly exten: string | undefined;
  readonly timeoutSec: number;
}

/** Splits on spaces, with single quotes grouping (switch_separate_string). */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (c === "'") {
      quoted = !quoted;
      has = true;
    } else if (c === ' ' && !quoted) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

function parseVarBlock(block: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let sep = ',';
  let body = block;
  if (body.startsWith('^^') && body.length >= 3) {
    sep = body[2]!;
    body = body.slice(3);
  }
  let cur = '';
  const parts: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && body[i + 1] === sep) {
      cur += sep;
      i++;
    } else if (c === sep) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  for (const p of parts) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    let value = p.slice(eq + 1);
    if (value.startsWith("'") && value.endsWith("'") && value.length >= 2) value = value.slice(1, -1);
    out.push([p.slice(0, eq), value]);
  }
  return out;
}

export function parseDialString(dial: string): DialTarget | undefined {
  const parts = dial.split('/');
  if (parts[0] === 'loopback' && parts[1]) {
    return { endpoint: 'loopback', user: parts[1], channelName: `loopback/${parts[1]}-a`, context: parts[2] ?? 'default' };
  }
  if (parts[0] !== 'sofia' || parts.length < 3) return undefined;
  if (parts[1] === 'gateway' && parts[2] && parts[3]) {
    const number = parts.slice(3).join('/');
    return { endpoint: 'sofia', user: number, channelName: `sofia/${parts[2]}/${number}`, context: 'default' };
  }
  const uri = parts.slice(2).join('/');
  const user = uri.replace(/^sips?:/, '').split('@')[0] ?? uri;
  return { endpoint: 'sofia', user, channelName: `sofia/${parts[1]}/${uri}`, context: 'default' };
}

export function parseOriginate(args: string): OriginateRequest | undefined {
  let rest = args.trim();
  let vars: Array<[string, string]> = [];
  if (rest.startsWith('{')) {
    const close = rest.indexOf('}');
    if (close < 0) return undefined;
    vars = parseVarBlock(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  const fields = splitArgs(rest);
  const dialString = fields[0];
  const second = fields[1];
  if (!dialString || !second) return undefined;
  let app: OriginateRequest['app'];
  let exten: string | undefined;
  if (second.startsWith('&')) {
    const m = /^&([^(]+)(?:\(([^)]*)\))?/.exec(second);
    app = { name: m?.[1] ?? second.slice(1), arg: m?.[2] ?? '' };
  } else exten = second;
  const timeoutVar = vars.find(([k]) => k === 'originate_timeout')?.[1];
  const timeoutSec = Number(timeoutVar ?? fields[7] ?? '60');
  return {
    vars,
    dialString,
    target: parseDialString(dialString),
    app,
    exten,
    timeoutSec: Number.isFinite(timeoutSec) && timeoutSec > 0 ? timeoutSec : 60,
  };
}
