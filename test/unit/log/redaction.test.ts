import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/adapters/log/logger.ts';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logs keep PII out', () => {
  it('redacts phone numbers, names, transcripts and DTMF, at the top level and one level down', () => {
    const out = capture();
    const logger = createLogger('info', out.stream);
    logger.info({ phone: '+12085550123', firstName: 'Maria', text: 'I can pay 200', dtmf: '4321', attemptId: 'a-1', call: { destination: '+12085550123', digits: '1234' } }, 'call event');
    const [line] = out.lines();
    const serialized = JSON.stringify(line);
    for (const secret of ['+12085550123', 'Maria', 'I can pay 200', '4321', '1234']) expect(serialized).not.toContain(secret);
    expect(line).toMatchObject({ attemptId: 'a-1', msg: 'call event', phone: '[redacted]', call: { destination: '[redacted]' } });
  });
});
