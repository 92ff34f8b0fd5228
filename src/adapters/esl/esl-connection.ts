/**
 * One inbound event-socket connection to one FreeSWITCH node, over modesl (the only ESL client in the process,
 * ADR 0200). It owns: connect + auth, the event subscription (re-sent after every reconnect), reconnect with
 * capped exponential backoff, per-command timeouts, and delivery of every event to its listeners, synchronously
 * and in wire order (the media control correlates bgapi jobs and routes per channel from there).
 *
 * Events are requested in JSON: modesl's plain parser runs decodeURIComponent on every value and throws on a
 * bare `%` (FreeSWITCH does not encode a `%` already followed by two hex digits), while JSON needs no decoding.
 */
import modesl from 'modesl';
import type { Clock, TimerHandle } from '../../ports/clock.ts';
import { MediaControlError, type Disposable } from '../../ports/media-control.ts';
import type { EslEvent } from './esl-frames.ts';
import { reconnectDelayMs } from './reconnect-backoff.ts';

/**
 * What the adapter subscribes to. CUSTOM must come last: mod_event_socket reads every word after it as a
 * subclass name (avmd events are CUSTOM avmd::*). BACKGROUND_JOB and CHANNEL_EXECUTE_COMPLETE must stay in the
 * list, or modesl appends them after the subclasses.
 */
export const SUBSCRIBED_EVENTS = [
  'CHANNEL_OUTGOING',
  'CHANNEL_CREATE',
  'CHANNEL_PROGRESS',
  'CHANNEL_PROGRESS_MEDIA',
  'CHANNEL_ANSWER',
  'CHANNEL_HANGUP_COMPLETE',
  'CHANNEL_BRIDGE',
  'CHANNEL_UNBRIDGE',
  'CHANNEL_EXECUTE',
  'CHANNEL_EXECUTE_COMPLETE',
  'PLAYBACK_START',
  'PLAYBACK_STOP',
  'RECORD_START',
  'RECORD_STOP',
  'DTMF',
  'DETECTED_SPEECH',
  'BACKGROUND_JOB',
  'CUSTOM',
  'avmd::start',
  'avmd::beep',
] as const;

export interface EslConnectionOptions {
  readonly nodeName: string;
  readonly host: string;
  readonly port: number;
  readonly password: string;
  readonly commandTimeoutMs: number;
  readonly reconnectMaxMs: number;
  /** First reconnect delay; doubles per failed attempt up to reconnectMaxMs. */
  readonly reconnectBaseMs?: number;
  readonly clock: Clock;
  readonly random?: () => number;
  readonly log?: { warn(fields: object, msg: string): void; info(fields: object, msg: string): void };
}

export type ConnectionState =
  | { readonly state: 'connected'; readonly reconnected: boolean }
  | { readonly state: 'disconnected'; readonly reason: string };

type Pending = { reject(err: Error): void };

function toEslEvent(event: modesl.Event): EslEvent {
  return {
    format: 'json',
    headers: event.headers.map((h) => [h.name, String(h.value)] as const),
    body: event.body === '' ? undefined : event.body,
  };
}

export class EslConnection {
  private conn: modesl.Connection | undefined;
  private isConnected = false;
  private everConnected = false;
  private closing = false;
  private attempt = 0;
  private reconnectTimer: TimerHandle | undefined;
  private readonly pending = new Set<Pending>();
  private readonly eventListeners = new Set<(event: EslEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private firstConnect: { resolve(): void; reject(err: Error): void } | undefined;

  constructor(readonly options: EslConnectionOptions) {}

  get nodeName(): string {
    return this.options.nodeName;
  }

  get connected(): boolean {
    return this.isConnected;
  }

  /** Resolves at the first successful connect+auth+subscribe; rejects only on a wrong password. Reconnects forever after. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.firstConnect = { resolve, reject };
      this.open();
    });
  }

  onEvent(listener: (event: EslEvent) => void): Disposable {
    this.eventListeners.add(listener);
    return { dispose: () => this.eventListeners.delete(listener) };
  }

  onStateChange(listener: (state: ConnectionState) => void): Disposable {
    this.stateListeners.add(listener);
    return { dispose: () => this.stateListeners.delete(listener) };
  }

  /** `api <command>`: resolves with the response body; `-ERR …` rejects with ESL_COMMAND_FAILED. */
  api(command: string): Promise<string> {
    return this.apiBody(command).then((body) => {
      if (/^-(ERR|USAGE)/.test(body))
        throw new MediaControlError(`${command.split(' ')[0]}: ${body.trim()}`, 'ESL_COMMAND_FAILED', false);
      return body;
    });
  }

  /** `api <command>`: resolves with the response body whatever it says (for callers that translate `-ERR` themselves). */
  apiBody(command: string): Promise<string> {
    return this.command(`api ${command}`, (conn, done: (body: string) => void) => {
      const space = command.indexOf(' ');
      const [name, args] = space < 0 ? [command, ''] : [command.slice(0, space), command.slice(space + 1)];
      conn.api(name, args, (event) => done(event.getBody()));
    });
  }

  /**
   * `bgapi <command>` with our own Job-UUID header (FreeSWITCH honours it), so the caller can correlate before
   * the command is even sent: on a fast failure the BACKGROUND_JOB can follow the reply in the same TCP read.
   * Resolves with the Job-UUID the switch reports (ours, unless it ignored the header).
   */
  bgapi(command: string, jobUuid: string): Promise<string> {
    return this.command(`bgapi ${command}`, (conn, done: (reply: string) => void) => {
      conn.sendRecv(`bgapi ${command}`, { 'Job-UUID': jobUuid }, (event) =>
        done(event.getHeader('Reply-Text') ?? ''),
      );
    }).then((reply) => {
      if (!reply.startsWith('+OK'))
        throw new MediaControlError(`bgapi ${command.split(' ')[0]}: ${reply}`, 'ESL_COMMAND_FAILED', false);
      return /Job-UUID:\s*(\S+)/.exec(reply)?.[1] ?? jobUuid;
    });
  }

  /** `sendmsg <uuid>` with call-command headers; resolves on `+OK`. */
  sendmsg(fsUuid: string, headers: Record<string, string>): Promise<void> {
    return this.command(`sendmsg ${fsUuid}`, (conn, done: (reply: string) => void) => {
      conn.sendRecv(`sendmsg ${fsUuid}`, headers, (event) => done(event.getHeader('Reply-Text') ?? ''));
    }).then((reply) => {
      if (!reply.startsWith('+OK'))
        throw new MediaControlError(
          `sendmsg ${headers['execute-app-name'] ?? headers['call-command'] ?? ''}: ${reply}`,
          'ESL_COMMAND_FAILED',
          false,
        );
    });
  }

  /** Stops reconnecting, fails pending commands, says `exit` and closes. */
  close(): Promise<void> {
    this.closing = true;
    if (this.reconnectTimer) this.options.clock.clearTimer(this.reconnectTimer);
    this.firstConnect?.reject(
      new MediaControlError(`ESL ${this.nodeName}: closed before connecting`, 'ESL_NOT_CONNECTED', false),
    );
    this.firstConnect = undefined;
    const conn = this.conn;
    this.teardown('closed by us');
    if (!conn?.socket) return Promise.resolve();
    const socket = conn.socket;
    if (socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      conn.disconnect();
    });
  }

  /**
   * Runs one command with the per-command timeout (RECOLLECT_ESL_COMMAND_TIMEOUT_MS). On timeout the modesl
   * callback stays queued on purpose: replies are matched FIFO, so the late reply must still be consumed by it,
   * or every later command would get the previous command's reply.
   */
  private command<T>(
    label: string,
    send: (conn: modesl.Connection, done: (result: T) => void) => void,
  ): Promise<T> {
    const conn = this.conn;
    if (!conn || !this.isConnected) {
      return Promise.reject(
        new MediaControlError(
          `ESL ${this.nodeName} is not connected (${label.split(' ')[1] ?? label})`,
          'ESL_NOT_CONNECTED',
          true,
        ),
      );
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const entry: Pending = {
        reject: (err) => {
          if (settled) return;
          settled = true;
          this.options.clock.clearTimer(timer);
          this.pending.delete(entry);
          reject(err);
        },
      };
      const timer = this.options.clock.setTimer(() => {
        entry.reject(
          new MediaControlError(
            `ESL ${this.nodeName}: no reply to "${label.slice(0, 60)}" within ${this.options.commandTimeoutMs} ms`,
            'ESL_COMMAND_TIMEOUT',
            true,
          ),
        );
      }, this.options.commandTimeoutMs);
      this.pending.add(entry);
      send(conn, (result) => {
        if (settled) return;
        settled = true;
        this.options.clock.clearTimer(timer);
        this.pending.delete(entry);
        resolve(result);
      });
    });
  }

  private open(): void {
    const { host, port, password } = this.options;
    const conn = new modesl.Connection(host, port, password, () => this.onAuthenticated(conn));
    this.conn = conn;
    // Commands are small frames: without this, Nagle holds one back until the previous one is acknowledged
    // (up to the peer's 40 ms delayed ACK), which delays originates under load.
    (conn as unknown as { socket?: { setNoDelay?: (on: boolean) => void } }).socket?.setNoDelay?.(true);
    // Without an `error` listener EventEmitter2 throws; socket errors are handled through `close` below.
    conn.on('error', (err: Error) =>
      this.options.log?.warn({ node: this.nodeName, err: err.message }, 'esl socket error'),
    );
    conn.on('esl::event::auth::fail', () => this.onAuthFailed());
    conn.on('esl::event::**', (event: modesl.Event, headers: Record<string, string> | undefined) => {
      if (conn !== this.conn || headers?.['Content-Type'] !== 'text/event-json') return;
      const parsed = toEslEvent(event);
      for (const listener of [...this.eventListeners]) listener(parsed);
    });
    conn.socket?.once('close', () => this.onSocketClosed(conn));
  }

  private onAuthenticated(conn: modesl.Connection): void {
    // modesl appends BACKGROUND_JOB and CHANNEL_EXECUTE_COMPLETE itself; both are in our list already.
    conn.events('json', SUBSCRIBED_EVENTS.join(' '), () => {
      if (conn !== this.conn) return;
      const reconnected = this.everConnected;
      this.isConnected = true;
      this.everConnected = true;
      this.attempt = 0;
      this.options.log?.info({ node: this.nodeName, reconnected }, 'esl connected');
      this.firstConnect?.resolve();
      this.firstConnect = undefined;
      for (const listener of [...this.stateListeners]) listener({ state: 'connected', reconnected });
    });
  }

  private onAuthFailed(): void {
    this.closing = true; // a wrong password will not get better by retrying
    const err = new MediaControlError(
      `ESL ${this.nodeName}: authentication failed`,
      'ESL_AUTH_FAILED',
      false,
    );
    this.options.log?.warn({ node: this.nodeName }, 'esl authentication failed');
    this.firstConnect?.reject(err);
    this.firstConnect = undefined;
  }

  private onSocketClosed(conn: modesl.Connection): void {
    if (conn !== this.conn) return;
    this.teardown('connection lost');
    if (this.closing) return;
    const delayMs = reconnectDelayMs(
      this.attempt,
      this.options.reconnectBaseMs ?? 250,
      this.options.reconnectMaxMs,
      (this.options.random ?? Math.random)(),
    );
    this.attempt += 1;
    this.options.log?.warn(
      { node: this.nodeName, delayMs, attempt: this.attempt },
      'esl disconnected; reconnecting',
    );
    this.reconnectTimer = this.options.clock.setTimer(() => {
      this.reconnectTimer = undefined;
      if (!this.closing) this.open();
    }, delayMs);
  }

  private teardown(reason: string): void {
    const wasConnected = this.isConnected;
    this.isConnected = false;
    this.conn = undefined;
    for (const entry of [...this.pending])
      entry.reject(new MediaControlError(`ESL ${this.nodeName}: ${reason}`, 'ESL_NOT_CONNECTED', true));
    if (wasConnected)
      for (const listener of [...this.stateListeners]) listener({ state: 'disconnected', reason });
  }
}
