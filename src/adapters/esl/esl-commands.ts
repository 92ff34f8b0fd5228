/**
 * Builders for the FreeSWITCH api command strings the adapter sends. Pure: strings in, strings out.
 * This is the only place where our units (ms) become FreeSWITCH units (whole seconds), and where user text is
 * made safe for FreeSWITCH's argument splitting (api arguments are split on spaces; `{}` variables on commas).
 */
import {
  MediaControlError,
  type FsHangupCause,
  type PlayMedia,
  type TransferTarget,
} from '../../ports/media-control.ts';

function invalid(message: string): MediaControlError {
  return new MediaControlError(message, 'MEDIA_INPUT_INVALID', false);
}

const uuidPattern = /^[0-9a-fA-F-]{8,64}$/;
const namePattern = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Paths and tone specs go into a space-split api argument list: no whitespace, quotes or braces. */
const safeArgPattern = /^[^\s'"{}]+$/;

export function checkFsUuid(fsUuid: string): string {
  if (!uuidPattern.test(fsUuid)) throw invalid(`fsUuid "${fsUuid.slice(0, 80)}" is not a FreeSWITCH uuid`);
  return fsUuid;
}

function checkArg(what: string, value: string): string {
  if (!safeArgPattern.test(value))
    throw invalid(`${what} "${value.slice(0, 80)}" is empty or contains whitespace, quotes or braces`);
  return value;
}

/** A `{}` variable value: commas separate variables there, so they are refused; spaces need single quotes. */
function varValue(name: string, value: string): string {
  if (!namePattern.test(name))
    throw invalid(`channel variable name "${name}" must match ${namePattern.source}`);
  if (/[,'"{}\r\n]/.test(value))
    throw invalid(`channel variable ${name} contains a comma, quote, brace or newline`);
  return /\s/.test(value) ? `${name}='${value}'` : `${name}=${value}`;
}

/** Caller-id names are display text: characters FreeSWITCH cannot carry in `{}` are dropped, not refused. */
export function sanitizeCallerIdName(name: string): string {
  return name
    .replace(/[,'"{}\\]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 64);
}

export interface OriginateCommandInput {
  readonly fsUuid: string;
  /** The trunk's dial string with `{number}` already replaced. */
  readonly dialString: string;
  readonly callerIdNumber: string;
  readonly callerIdName?: string;
  readonly ringTimeoutMs: number;
  readonly detectMachine?: boolean;
  readonly variables?: Readonly<Record<string, string>>;
}

/** FreeSWITCH's originate_timeout is whole seconds and fires up to 1 s early (captured: 8 → 7.1–7.99 s), so round up. */
export function ringTimeoutSeconds(ringTimeoutMs: number): number {
  if (!Number.isFinite(ringTimeoutMs) || ringTimeoutMs <= 0)
    throw invalid(`ringTimeoutMs must be > 0, got ${ringTimeoutMs}`);
  return Math.max(1, Math.ceil(ringTimeoutMs / 1000));
}

export function expandDialString(template: string, destinationNumber: string): string {
  if (!/^\+?[0-9*#]{1,32}$/.test(destinationNumber))
    throw invalid(`destination number "${destinationNumber.slice(0, 40)}" is not a dialable number`);
  return template.replaceAll('{number}', destinationNumber);
}

/** The arguments of `originate` (sent as `bgapi originate <these>`). */
export function originateArgs(input: OriginateCommandInput): string {
  if (!/^\+?[0-9]{1,32}$/.test(input.callerIdNumber))
    throw invalid(`callerIdNumber "${input.callerIdNumber.slice(0, 40)}" must be digits`);
  const vars = [
    varValue('origination_uuid', checkFsUuid(input.fsUuid)),
    varValue('originate_timeout', String(ringTimeoutSeconds(input.ringTimeoutMs))),
    varValue('origination_caller_id_number', input.callerIdNumber),
  ];
  const name = input.callerIdName === undefined ? '' : sanitizeCallerIdName(input.callerIdName);
  if (name !== '') vars.push(varValue('origination_caller_id_name', name));
  // The app form of avmd; `api avmd <uuid> start` never reported a beep in 1.10.12 (capture avmd_api-plain).
  if (input.detectMachine) vars.push(varValue('execute_on_answer', 'avmd_start'));
  for (const [key, value] of Object.entries(input.variables ?? {})) vars.push(varValue(key, value));
  if (/\s/.test(input.dialString)) throw invalid('dial string contains whitespace');
  return `{${vars.join(',')}}${input.dialString} &park()`;
}

const ttsUnsafe = /['"`\\|]/g;

/**
 * TTS text goes inside single quotes in `uuid_broadcast` (its arguments are split on spaces): quotes, backslashes
 * and `|` (the speak field separator) are removed, commas become semicolons (same pause, and no clash with
 * FreeSWITCH's comma-separated argument lists), newlines become spaces. Control characters are refused.
 */
export function sanitizeTtsText(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text)) throw invalid('TTS text contains control characters');
  const clean = text.replace(ttsUnsafe, '').replaceAll(',', ';').replace(/\s+/g, ' ').trim();
  if (clean === '') throw invalid('TTS text is empty once quotes and separators are removed');
  if (clean.length > 2000) throw invalid(`TTS text is ${clean.length} characters; the limit is 2000`);
  return clean;
}

export function broadcastArgs(fsUuid: string, media: PlayMedia, ttsEngine: string): string {
  checkFsUuid(fsUuid);
  switch (media.kind) {
    case 'file':
      return `${fsUuid} ${checkArg('file path', media.path)} aleg`;
    case 'tone': {
      const spec = media.toneSpec.startsWith('tone_stream://')
        ? media.toneSpec
        : `tone_stream://${media.toneSpec}`;
      return `${fsUuid} ${checkArg('tone spec', spec)} aleg`;
    }
    case 'tts': {
      if (!namePattern.test(ttsEngine))
        throw invalid(`TTS engine "${ttsEngine}" must match ${namePattern.source}`);
      if (!/^[A-Za-z0-9_.-]+$/.test(media.voice))
        throw invalid(`TTS voice "${media.voice.slice(0, 40)}" must be letters, digits, _ . -`);
      return `${fsUuid} 'speak::${ttsEngine}|${media.voice}|${sanitizeTtsText(media.text)}' aleg`;
    }
  }
}

export function detectSpeechArg(engine: string, grammar: string): string {
  if (!namePattern.test(engine)) throw invalid(`speech engine "${engine}" must match ${namePattern.source}`);
  checkArg('grammar', grammar);
  // detect_speech <engine> <grammar> <grammar-name>: the grammar doubles as its own name.
  return `${engine} ${grammar} ${grammar}`;
}

export function transferArgs(fsUuid: string, target: TransferTarget): string {
  const parts = [checkFsUuid(fsUuid), checkArg('extension', target.extension)];
  if (target.dialplan !== undefined || target.context !== undefined)
    parts.push(checkArg('dialplan', target.dialplan ?? 'XML'));
  if (target.context !== undefined) parts.push(checkArg('context', target.context));
  return parts.join(' ');
}

export function recordArgs(fsUuid: string, op: 'start' | 'stop', path: string): string {
  return `${checkFsUuid(fsUuid)} ${op} ${checkArg('recording path', path)}`;
}

export function killArgs(fsUuid: string, cause: FsHangupCause | undefined): string {
  return cause === undefined ? checkFsUuid(fsUuid) : `${checkFsUuid(fsUuid)} ${cause}`;
}
