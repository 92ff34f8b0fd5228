import { pino, type Logger } from 'pino';

/**
 * PII never reaches the logs: phone numbers, names, transcripts and DTMF are redacted by path, whatever
 * module logs them. Log call sites put data in fields (never in the message), so redaction by field works.
 */
export const redactedPaths = [
  'phone',
  'number',
  'phoneNumber',
  'callerIdNumber',
  'destination',
  'name',
  'firstName',
  'lastName',
  'fullName',
  'callerIdName',
  'transcript',
  'text',
  'utterance',
  'speech',
  'dtmf',
  'digits',
  'dialString',
  '*.phone',
  '*.number',
  '*.phoneNumber',
  '*.callerIdNumber',
  '*.destination',
  '*.name',
  '*.firstName',
  '*.lastName',
  '*.fullName',
  '*.callerIdName',
  '*.transcript',
  '*.text',
  '*.utterance',
  '*.speech',
  '*.dtmf',
  '*.digits',
  '*.dialString',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, redact: { paths: redactedPaths, censor: '[redacted]' }, base: { app: 'recollect' } },
    destination ?? pino.destination(2),
  );
}
export type { Logger };
