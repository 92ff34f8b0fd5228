/**
 * One inbound event-socket connection, as mod_event_socket serves it: auth, subscriptions, filters,
 * myevents, api/bgapi/sendmsg, exit. Replies and their texts are the captured ones.
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { LabEvent, LabSwitch } from './lab-switch.ts';
import { runApi, type ApiResult } from './api-commands.ts';
import { handleSendmsg } from './media-apps.ts';
import { AUTH_REQUEST, apiResponse, commandReply, disconnectNotice, serializeEvent, type EventFormat } from './wire-format.ts';
import { DROP_HEADER } from './templates/templates.ts';

// mod_event_socket's list of what `myevents` subscribes to (1.10.12).
const MYEVENTS = new Set(
  'CHANNEL_ANSWER CHANNEL_APPLICATION CHANNEL_BRIDGE CHANNEL_CREATE CHANNEL_DATA CHANNEL_DESTROY CHANNEL_EXECUTE CHANNEL_EXECUTE_COMPLETE CHANNEL_HANGUP CHANNEL_HANGUP_COMPLETE CHANNEL_ORIGINATE CHANNEL_UUID CHANNEL_OUTGOING CHANNEL_PARK CHANNEL_PROGRESS CHANNEL_PROGRESS_MEDIA CHANNEL_STATE CHANNEL_UNBRIDGE CHANNEL_UNPARK DETECTED_SPEECH DTMF NOTALK TALK'.split(' '),
);

interface Filter {
  readonly header: string;
  readonly value: string;
}

export class EslConnection {
  private buffer = '';
  private authed = false;
  private closed = false;
  private format: EventFormat = 'plain';
  private all = false;
  private readonly names = new Set<string>();
  private readonly subclasses = new Set<string>();
  private allCustom = false;
  private readonly filters: Filter[] = [];
  private myeventsUuid: string | undefined;
  /** True while a blocking `api` (originate) runs: events queue and commands wait, as on the real switch. */
  private blocked = false;
  private readonly queued: string[] = [];
  private readonly pending: string[] = [];
  private readonly unsubscribe: () => void;

  constructor(
    private readonly socket: Socket,
    private readonly sw: LabSwitch,
    private readonly password: string,
  ) {
    this.unsubscribe = sw.subscribe((e) => this.deliver(e));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk.toString('utf8')));
    socket.on('close', () => this.teardown());
    socket.on('error', () => this.teardown());
    this.write(AUTH_REQUEST);
  }

  /** Drops the TCP connection without goodbye (a network failure). */
  destroy(): void {
    this.teardown();
    this.socket.destroy();
  }

  private teardown(): void {
    this.closed = true;
    this.unsubscribe();
  }

  private write(text: string): void {
    if (!this.closed) this.socket.write(text);
  }

  private close(controlledUuid?: string): void {
    this.write(disconnectNotice(controlledUuid));
    this.teardown();
    this.socket.end();
  }

  private onData(text: string): void {
    this.buffer += text.replace(/\r\n/g, '\n');
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end < 0) break;
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      if (block.trim() === '') continue;
      this.pending.push(block);
    }
    this.drain();
  }

  /**
   * FreeSWITCH writes queued events only while it waits for the next command: commands already received
   * are answered first (detect-speech-plain: the sendmsg reply came before the previous api's API event).
   */
  private drain(): void {
    this.processing = true;
    while (!this.blocked && !this.closed && this.pending.length > 0) {
      const block = this.pending.shift()!;
      this.sw.guard(undefined, () => this.handle(block));
    }
    this.processing = false;
    if (!this.blocked) this.flush();
  }

  private flush(): void {
    for (const frame of this.queued.splice(0)) this.write(frame);
    if (this.pendingClose) this.close(this.pendingClose);
  }

  private pendingClose: string | undefined;

  private processing = false;

  private handle(block: string): void {
    const [line = '', ...headerLines] = block.split('\n');
    const headers = headerLines.map((l): [string, string] => {
      const i = l.indexOf(':');
      return i < 0 ? [l.trim(), ''] : [l.slice(0, i).trim(), l.slice(i + 1).trim()];
    });
    const space = line.indexOf(' ');
    const verb = (space < 0 ? line : line.slice(0, space)).trim();
    const rest = space < 0 ? '' : line.slice(space + 1).trim();
    if (!this.authed) return this.handleAuth(verb, rest);
    switch (verb) {
      case 'api':
        return this.handleApi(rest);
      case 'bgapi':
        return this.handleBgapi(rest, headers.find(([n]) => n.toLowerCase() === 'job-uuid')?.[1]);
      case 'event':
        return this.write(commandReply(this.subscribe(rest)));
      case 'nixevent':
        return this.write(commandReply(this.nix(rest)));
      case 'noevents':
        return this.write(commandReply(this.noevents()));
      case 'filter':
        return this.write(commandReply(this.filter(rest)));
      case 'myevents':
        return this.write(commandReply(this.myevents(rest)));
      case 'sendmsg':
        return this.write(commandReply(handleSendmsg(this.sw, rest, headers, line)));
      case 'linger':
      case 'nolinger':
      case 'divert_events':
        // No session is controlled on an inbound connection (reference §2.9).
        return this.write(commandReply(this.myeventsUuid ? (verb === 'linger' ? `+OK will linger${rest ? ` ${rest} seconds` : ''}` : verb === 'nolinger' ? '+OK will not linger' : '+OK events diverted') : verb === 'divert_events' ? '-ERR not controlling a session.' : '-ERR not controlling a session'));
      case 'exit':
      case '...':
        this.write(commandReply('+OK bye'));
        return this.close(this.myeventsUuid);
      case 'auth':
        return this.write(commandReply('-ERR command not found'));
      default:
        return this.write(commandReply('-ERR command not found'));
    }
  }

  private handleAuth(verb: string, rest: string): void {
    if (verb !== 'auth') {
      this.write(commandReply('-ERR command not found'));
      return;
    }
    if (rest === this.password) {
      this.authed = true;
      this.write(commandReply('+OK accepted'));
      return;
    }
    this.write(commandReply('-ERR invalid'));
    this.close();
  }

  private fireApiEvent(command: string, arg: string): void {
    this.sw.fireGlobal('API', { 'API-Command': command, 'API-Command-Argument': arg === '' ? DROP_HEADER : arg });
  }

  private handleApi(text: string): void {
    const [command, arg] = splitCommand(text);
    const result = runApi(this.sw, command, arg);
    if (result.kind === 'originate') {
      this.blocked = true;
      result.start((body) => {
        this.blocked = false;
        this.write(apiResponse(body));
        this.flush();
        this.fireApiEvent(command, arg);
        this.drain();
      });
      return;
    }
    this.write(apiResponse(result.body));
    this.runEffects(result, command, arg);
  }

  private runEffects(result: Extract<ApiResult, { kind: 'now' }>, command: string, arg: string): void {
    let fired = false;
    const fireApi = (): void => {
      if (!fired) this.fireApiEvent(command, arg);
      fired = true;
    };
    result.sync?.(fireApi);
    fireApi();
  }

  private handleBgapi(text: string, clientJobUuid: string | undefined): void {
    const jobUuid = clientJobUuid ?? randomUUID();
    const [command, arg] = splitCommand(text);
    this.write(commandReply(`+OK Job-UUID: ${jobUuid}`, [['Job-UUID', jobUuid]]));
    const finish = (body: string): void => {
      this.fireApiEvent(command, arg);
      this.sw.fireGlobal('BACKGROUND_JOB', { 'Job-UUID': jobUuid, 'Job-Command': command, 'Job-Command-Arg': arg === '' ? DROP_HEADER : arg }, body, jobUuid);
    };
    // The job runs on its own thread in FreeSWITCH: its result never precedes the reply.
    this.sw.after(undefined, 0, () => {
      const result = runApi(this.sw, command, arg);
      if (result.kind === 'originate') result.start(finish);
      else {
        result.sync?.(() => undefined);
        finish(result.body);
      }
    });
  }

  private subscribe(rest: string): string {
    const words = rest.split(/\s+/).filter(Boolean);
    let format: EventFormat = 'plain';
    if (words[0] === 'plain' || words[0] === 'json' || words[0] === 'xml') format = words.shift() === 'json' ? 'json' : 'plain';
    let custom = false;
    let any = false;
    for (const raw of words) {
      const w = raw.toUpperCase().replace(/^SWITCH_EVENT_/, '');
      if (custom) {
        this.subclasses.add(raw);
        any = true;
      } else if (w === 'ALL') {
        this.all = true;
        any = true;
      } else if (w === 'CUSTOM') {
        custom = true;
        any = true;
      } else if (/^[A-Z_]+$/.test(w)) {
        this.names.add(w);
        any = true;
      }
    }
    if (!any) return '-ERR no keywords supplied';
    this.format = format;
    return `+OK event listener enabled ${format}`;
  }

  private nix(rest: string): string {
    const words = rest.split(/\s+/).filter(Boolean);
    if (words.length === 0) return '-ERR no keywords supplied';
    for (const w of words) {
      this.names.delete(w.toUpperCase());
      this.subclasses.delete(w);
    }
    if (this.all) {
      // nixevent on ALL expands ALL to "every event" and removes the named ones (reference §2.4).
      this.all = false;
      this.allCustom = true;
      this.nixed = new Set(words.map((w) => w.toUpperCase()));
    }
    return '+OK events nixed';
  }

  private nixed: Set<string> | undefined;

  private noevents(): string {
    const had = this.all || this.names.size > 0 || this.subclasses.size > 0 || this.allCustom;
    this.all = false;
    this.allCustom = false;
    this.nixed = undefined;
    this.names.clear();
    this.subclasses.clear();
    this.queued.length = 0;
    return had ? '+OK no longer listening for events' : '-ERR not listening for events';
  }

  private filter(rest: string): string {
    const words = rest.split(/\s+/).filter(Boolean);
    if (words[0] === 'delete') {
      const [, header = '', ...value] = words;
      const v = value.join(' ');
      for (let i = this.filters.length - 1; i >= 0; i--) {
        const f = this.filters[i]!;
        if (header === 'all' || (f.header === header && (v === '' || f.value === v))) this.filters.splice(i, 1);
      }
      return `+OK filter deleted. [${header}][${v}]`;
    }
    if (words[0] === 'add') words.shift();
    const [header, ...value] = words;
    if (!header || value.length === 0) return '-ERR invalid syntax';
    const v = value.join(' ');
    this.filters.push({ header, value: v });
    return `+OK filter added. [${header}]=[${v}]`;
  }

  private myevents(rest: string): string {
    if (this.myeventsUuid) return '-ERR aready enabled.';
    const [uuid = ''] = rest.split(/\s+/);
    // 1.10.12 cuts the argument at the first space and needs a live channel (myevents-plain capture).
    if (!this.sw.channels.has(uuid)) return '-ERR invalid uuid';
    this.myeventsUuid = uuid;
    for (const n of MYEVENTS) this.names.add(n);
    return '+OK Events Enabled';
  }

  private wants(e: LabEvent): boolean {
    if (this.myeventsUuid && e.uniqueId !== this.myeventsUuid) return false;
    if (e.eventName === 'CUSTOM') {
      if (!(this.all || this.allCustom || (e.subclass !== undefined && this.subclasses.has(e.subclass)))) return false;
    } else if (!(this.all || this.names.has(e.eventName) || (this.allCustom && !this.nixed?.has(e.eventName)))) return false;
    return this.passesFilters(e);
  }

  private passesFilters(e: LabEvent): boolean {
    if (this.filters.length === 0) return true;
    let verdict = false;
    for (const f of this.filters) {
      const negative = f.value.startsWith('-');
      const value = f.value.replace(/^[-+]/, '');
      const actual = e.headers.find(([n]) => n === f.header)?.[1];
      if (actual === undefined) continue;
      const match = value.startsWith('/') ? new RegExp(value.slice(1, value.endsWith('/') ? -1 : undefined)).test(actual) : actual.toLowerCase() === value.toLowerCase();
      if (match && negative) return false;
      if (match) verdict = true;
    }
    return verdict;
  }

  private deliver(e: LabEvent): void {
    if (this.closed || !this.authed || !this.wants(e)) return;
    const frame = serializeEvent(e, this.format);
    if (this.blocked || this.processing) this.queued.push(frame);
    else this.write(frame);
    // A myevents connection is closed by FreeSWITCH right after the channel's CHANNEL_HANGUP (myevents-plain).
    if (this.myeventsUuid && e.eventName === 'CHANNEL_HANGUP' && e.uniqueId === this.myeventsUuid) {
      if (this.blocked || this.processing) this.pendingClose = this.myeventsUuid;
      else this.close(this.myeventsUuid);
    }
  }
}

function splitCommand(text: string): [string, string] {
  const i = text.indexOf(' ');
  return i < 0 ? [text.trim(), ''] : [text.slice(0, i), text.slice(i + 1).trim()];
}
