/**
 * Test helpers: a raw ESL client (exact bytes, no library) that replays a capture's commands against the
 * lab, waiting where the capture's client waited (for the same message, never for a time), and a
 * normaliser that turns a message stream into comparable signatures.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { EslFrameParser, header, parseEslStream, parseEvent, type EslMessage } from '../../../src/adapters/esl/esl-frames.ts';
import { keyOfHeaders } from '../../../src/lab/templates/template-key.ts';
import type { ManualClock } from './manual-clock.ts';

export const fixtures = join(import.meta.dirname, '../../fixtures/esl-captured');

/** HEARTBEAT and RE_SCHEDULE arrive on the switch's own schedule, not because of anything the client did. */
const TIMER_EVENTS = new Set(['HEARTBEAT', 'RE_SCHEDULE']);

export function isTimerEvent(m: EslMessage): boolean {
  if (!m.contentType.startsWith('text/event')) return false;
  return TIMER_EVENTS.has(header(parseEvent(m), 'Event-Name') ?? '');
}

/** A short signature used to wait for "the n-th message like this". */
export function waitSignature(m: EslMessage): string {
  if (m.contentType.startsWith('text/event')) return `event:${keyOfHeaders(parseEvent(m).headers)}`;
  if (m.contentType === 'command/reply') return `reply:${(header(m, 'Reply-Text') ?? '').split(' ')[0]}`;
  return m.contentType;
}

export interface ReplayStep {
  readonly command: string;
  /** Before sending: wait until this many messages with this signature have arrived. */
  readonly waitFor: { readonly signature: string; readonly count: number } | undefined;
}

/** Commands of NAME.tx.raw, each with the message the capture's client had last received before sending it. */
export function replaySteps(name: string): ReplayStep[] {
  const rx = parseEslStream(readFileSync(join(fixtures, `${name}.rx.raw`)));
  const annotated = readFileSync(join(fixtures, `${name}.annotated.txt`), 'utf8');
  const tx = readFileSync(join(fixtures, `${name}.tx.raw`), 'utf8');
  const commands = tx.split('\n\n').filter((c) => c.trim() !== '');
  const marks = [...annotated.matchAll(/^\[\s*[\d.]+\] (<<< RECV|>>> SENT)/gm)].map((m) => m[1]);
  const steps: ReplayStep[] = [];
  let received = 0;
  let sent = 0;
  for (const mark of marks) {
    if (mark === '<<< RECV') {
      received++;
      continue;
    }
    const before = rx.slice(0, received).filter((m) => !isTimerEvent(m));
    const last = before[before.length - 1];
    const signature = last ? waitSignature(last) : undefined;
    const count = signature ? before.filter((m) => waitSignature(m) === signature).length : 0;
    steps.push({ command: commands[sent]!, waitFor: signature ? { signature, count } : undefined });
    sent++;
  }
  return steps;
}

export class RawEslClient {
  readonly messages: EslMessage[] = [];
  private readonly parser = new EslFrameParser();
  private readonly socket: Socket;
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk: Buffer) => {
      this.messages.push(...this.parser.push(chunk));
      this.wake();
    });
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  send(command: string): void {
    this.outgoing += `${command}\n\n`;
    // Flushed at the end of this tick, so that commands sent back to back share one TCP write.
    queueMicrotask(() => {
      if (this.outgoing === '') return;
      this.socket.write(this.outgoing);
      this.outgoing = '';
    });
  }

  private outgoing = '';

  /** Bytes received so far (to tell when the lab has nothing more in flight). */
  get bytesRead(): number {
    return this.socket.bytesRead;
  }

  /**
   * Resolves when `predicate` holds; rejects with a description of what arrived if it never does.
   * With a ManualClock, lab timers are fired one by one only while the predicate is false and nothing
   * more is arriving, so that the client's next command comes exactly where the capture's did.
   */
  async until(predicate: () => boolean, what: string, clock?: ManualClock, limitMs = 15_000): Promise<void> {
    const deadline = Date.now() + limitMs;
    while (!predicate()) {
      if (this.closed) throw new Error(`connection closed while waiting for ${what}`);
      if (Date.now() > deadline) throw new Error(`never received ${what}; got ${this.messages.length} messages`);
      if (clock) {
        await settle(this);
        if (predicate()) return;
        if (clock.fireNext()) continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`never received ${what}; got ${this.messages.length} messages`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async untilSignature(signature: string, count: number, clock?: ManualClock): Promise<void> {
    await this.until(() => this.messages.filter((m) => !isTimerEvent(m) && waitSignature(m) === signature).length >= count, `${count}× ${signature}`, clock);
  }

  async untilClosed(clock?: ManualClock): Promise<void> {
    await this.until(() => this.closed, 'the close of the connection', clock);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** Waits until no more bytes arrive for a few event-loop turns (localhost delivery is immediate). */
export async function settle(...clients: RawEslClient[]): Promise<void> {
  let quietTurns = 0;
  let last = -1;
  while (quietTurns < 3) {
    await new Promise<void>((resolve) => setTimeout(resolve, 1));
    const now = clients.reduce((sum, c) => sum + c.bytesRead, 0);
    quietTurns = now === last ? quietTurns + 1 : 0;
    last = now;
  }
}

export async function replay(port: number, steps: readonly ReplayStep[], clock: ManualClock): Promise<EslMessage[]> {
  const client = new RawEslClient(port);
  try {
    await client.untilSignature('auth/request', 1);
    for (const [i, step] of steps.entries()) {
      const previous = steps[i - 1]?.waitFor;
      const sameWait = previous && step.waitFor && previous.signature === step.waitFor.signature && previous.count === step.waitFor.count;
      // Commands the capture's client sent back to back (same wait) go out in one write, as they did.
      if (step.waitFor && !sameWait) await client.untilSignature(step.waitFor.signature, step.waitFor.count, clock);
      client.send(step.command);
    }
    await client.untilClosed(clock);
    return client.messages;
  } finally {
    client.destroy();
  }
}
