/**
 * The simulated switch core: channel registry, event firing (captured templates filled with channel
 * state), timers on the Clock port, session limits and HEARTBEAT. Call flows live in call-flows.ts,
 * applications in media-apps.ts, api commands in api-commands.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../ports/clock.ts';
import { Channel, STATE_NUMBERS } from './channel.ts';
import type { Population } from './population.ts';
import type { Rng } from './rng.ts';
import { captureIdentity, fillTemplate, findTemplate, type HeaderList } from './templates/templates.ts';
import { templateKey } from './templates/template-key.ts';

export interface LabEvent {
  readonly eventName: string;
  readonly subclass?: string | undefined;
  readonly uniqueId?: string | undefined;
  readonly jobUuid?: string | undefined;
  readonly headers: HeaderList;
  readonly body?: string | undefined;
}

export type EventSink = (event: LabEvent) => void;

/** The lab was asked for an event no capture gives a template for (a lab bug, not a client error). */
export class LabTemplateError extends Error {
  readonly code = 'LAB_NO_TEMPLATE';
  readonly retryable = false;
}

export interface ChannelEventSpec {
  readonly eventName: string;
  readonly subclass?: string;
  readonly application?: string;
  readonly speechType?: string;
  readonly callCommand?: string;
  /** Header values the simulation decides for this one event. */
  readonly fields?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** Reuse an Event-Sequence (mod_avmd delivers each event twice with one sequence number). */
  readonly sequence?: number;
  /** Headers to put before the template (PRIVATE_COMMAND starts with the message's own headers). */
  readonly prefix?: ReadonlyArray<readonly [string, string]>;
}

export interface SwitchOptions {
  readonly clock: Clock;
  readonly population: Population;
  readonly rng: Rng;
  readonly maxSessions: number;
  readonly sps: number;
}

export class LabSwitch {
  readonly coreUuid = randomUUID();
  readonly clock: Clock;
  readonly population: Population;
  readonly rng: Rng;
  maxSessions: number;
  sps: number;
  readonly startedMs: number;
  readonly channels = new Map<string, Channel>();
  sessionsSinceStartup = 0;
  /** mod_sofia's profile counters (sofia status profile). */
  callsOut = 0;
  failedCallsOut = 0;
  peakSessions = 0;
  private sequence = 1000;
  private readonly sinks = new Set<EventSink>();
  private readonly latestByRole = new Map<string, Channel>();
  private readonly freshUuids = new Map<string, string>();
  private readonly createdAt: number[] = [];
  private heartbeatTimer: ReturnType<Clock['setTimer']> | undefined;
  /** Hooks set by media-apps.ts so that call flows can stay free of application details. */
  onExecuteOnAnswer: ((ch: Channel, app: string) => void) | undefined;
  onHangup: ((ch: Channel) => void) | undefined;
  onMediaTeardown: ((ch: Channel) => void) | undefined;

  constructor(options: SwitchOptions) {
    this.clock = options.clock;
    this.population = options.population;
    this.rng = options.rng;
    this.maxSessions = options.maxSessions;
    this.sps = options.sps;
    this.startedMs = options.clock.now();
  }

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  sessionCount(): number {
    return this.channels.size;
  }

  /** Whether a new session may be created now; FreeSWITCH refuses past max-sessions and sessions-per-second. */
  admitSession(): boolean {
    const now = this.clock.now();
    while (this.createdAt.length > 0 && now - this.createdAt[0]! >= 1000) this.createdAt.shift();
    if (this.channels.size >= this.maxSessions || this.createdAt.length >= this.sps) return false;
    this.createdAt.push(now);
    return true;
  }

  spsNow(): number {
    const now = this.clock.now();
    return this.createdAt.filter((t) => now - t < 1000).length;
  }

  register(ch: Channel): void {
    this.channels.set(ch.fsUuid, ch);
    this.latestByRole.set(`${ch.capture}|${ch.role}`, ch);
    this.sessionsSinceStartup++;
    this.peakSessions = Math.max(this.peakSessions, this.channels.size);
  }

  unregister(ch: Channel): void {
    for (const t of ch.timers) this.clock.clearTimer(t);
    ch.timers.clear();
    this.channels.delete(ch.fsUuid);
  }

  /** Runs `fn` after `delayMs` on the lab clock; a channel's timers die with it. */
  after(ch: Channel | undefined, delayMs: number, fn: () => void): void {
    const handle = this.clock.setTimer(() => {
      if (ch) ch.timers.delete(handle);
      this.guard(ch, fn);
    }, delayMs);
    if (ch) ch.timers.add(handle);
  }

  /** One error boundary per call: a lab bug ends that call (and is reported), never the process. */
  guard(ch: Channel | undefined, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.onError(err, ch?.fsUuid);
      if (ch && this.channels.has(ch.fsUuid)) this.unregister(ch);
    }
  }

  onError: (err: unknown, fsUuid: string | undefined) => void = (err, fsUuid) => {
    process.stderr.write(`${JSON.stringify({ msg: 'lab call failed', fsUuid, err: err instanceof Error ? err.message : String(err) })}\n`);
  };

  private nextSequence(reuse?: number): number {
    if (reuse !== undefined) return reuse;
    this.sequence++;
    return this.sequence;
  }

  private dispatch(event: LabEvent): void {
    for (const sink of [...this.sinks]) sink(event);
  }

  /** Fires a channel event; returns its Event-Sequence. */
  fireChannel(ch: Channel, spec: ChannelEventSpec): number {
    const key = templateKey({
      eventName: spec.eventName,
      subclass: spec.subclass,
      channelState: ch.state,
      callState: ch.callState,
      application: spec.application,
      speechType: spec.speechType,
      callCommand: spec.callCommand,
    });
    const occurrence = ch.occurrences.get(key) ?? 0;
    ch.occurrences.set(key, occurrence + 1);
    const found = findTemplate(ch.capture, ch.role, key, occurrence);
    if (!found) throw new LabTemplateError(`lab has no captured template for ${key}`);
    const fields = new Map<string, string>(this.channelFields(ch, found.headers));
    for (const [k, v] of ch.internalVars) fields.set(`variable_${k}`, v);
    for (const [k, v] of Object.entries(spec.fields ?? {})) fields.set(k, v);
    const sequence = this.nextSequence(spec.sequence);
    // PRIVATE_COMMAND starts with the message's own headers: take those from the message, the rest from the capture.
    const fromEventName = spec.prefix ? found.headers.slice(Math.max(0, found.headers.findIndex(([n]) => n === 'Event-Name'))) : found.headers;
    const headers = fillTemplate(fromEventName, {
      nowMs: this.clock.now(),
      coreUuid: this.coreUuid,
      sequence,
      fields,
      ...this.identityMaps(ch, found.capture, found.role),
      variables: ch.vars,
      originateVarNames: ch.originateVarNames,
      freshUuids: ch.freshUuids,
    });
    const all: HeaderList = spec.prefix ? [...spec.prefix.map(([n, v]): [string, string] => [n, v]), ...headers] : headers;
    const first = all.find(([n]) => n === 'Event-Name')?.[1] ?? spec.eventName;
    this.dispatch({ eventName: first, subclass: spec.subclass, uniqueId: ch.fsUuid, headers: all, body: spec.body });
    return sequence;
  }

  fireGlobal(eventName: string, fields: Readonly<Record<string, string>>, body?: string, jobUuid?: string): void {
    const found = findTemplate('answered-plain', 'global', templateKey({ eventName }), 0);
    if (!found) throw new LabTemplateError(`lab has no captured template for ${eventName}`);
    const headers = fillTemplate(found.headers, {
      nowMs: this.clock.now(),
      coreUuid: this.coreUuid,
      sequence: this.nextSequence(),
      fields: new Map(Object.entries(fields)),
      uuids: new Map(),
      substrings: [],
      exact: new Map(),
      freshUuids: this.freshUuids,
    });
    this.dispatch({ eventName, headers, body, jobUuid });
  }

  private channelFields(ch: Channel, template: HeaderList): Array<[string, string]> {
    const us = (ms: number | undefined): string => (ms === undefined ? '0' : String(Math.round(ms * 1000)));
    const out: Array<[string, string]> = [
      ['Channel-State', ch.state],
      ['Channel-Call-State', ch.callState],
      ['Answer-State', ch.answerState],
      ['Caller-Channel-Created-Time', us(ch.createdMs)],
      ['Caller-Profile-Created-Time', us(ch.createdMs)],
      ['Caller-Channel-Answered-Time', us(ch.answeredMs)],
      ['Caller-Channel-Hangup-Time', us(ch.hangupMs)],
    ];
    // Keep the captured Channel-State-Number when the captured state is the same (CHANNEL_DESTROY reports
    // CS_REPORTING with number 12, a real FreeSWITCH quirk); otherwise derive it from the state.
    const capturedState = template.find(([n]) => n === 'Channel-State')?.[1];
    if (capturedState !== ch.state) out.push(['Channel-State-Number', String(STATE_NUMBERS[ch.state] ?? 0)]);
    if (ch.hangupCause) out.push(['Hangup-Cause', ch.hangupCause]);
    return out;
  }

  /** Maps the template capture's identities (uuids, channel names, caller ids) onto the simulated ones. */
  private identityMaps(ch: Channel, capture: string, role: string): { uuids: Map<string, string>; substrings: Array<[string, string]>; exact: Map<string, string> } {
    const identity = captureIdentity(capture);
    const uuids = new Map<string, string>();
    const substrings: Array<[string, string]> = [];
    const exact = new Map<string, string>();
    if (!identity) return { uuids, substrings, exact };
    for (const [r, ident] of Object.entries(identity.roles)) {
      const sim = r === role ? ch : r === `${role}-b` ? ch.partner : role === `${r}-b` ? ch.partner : this.latestByRole.get(`${capture}|${r}`);
      if (!sim) continue;
      uuids.set(ident.uuid, sim.fsUuid);
      if (ident.channelName) substrings.push([ident.channelName, sim.name]);
      const capUserHost = ident.channelName.startsWith('sofia/') ? ident.channelName.split('/').slice(2).join('/') : '';
      const simUserHost = sim.name.startsWith('sofia/') ? sim.name.split('/').slice(2).join('/') : '';
      if (capUserHost && simUserHost) substrings.push([capUserHost, simUserHost]);
      if (ident.channelName.startsWith('loopback/') && sim.name.startsWith('loopback/')) {
        substrings.push([`loopback/${ident.destination}/`, `loopback/${sim.destination}/`]);
      }
      if (r === role) {
        if (ident.destination) exact.set(ident.destination, ch.destination);
        if (ident.callerIdNumber) exact.set(ident.callerIdNumber, ch.callerIdNumber);
        if (ident.callerIdName) exact.set(ident.callerIdName, ch.callerIdName);
      }
    }
    uuids.set(identity.coreUuid, this.coreUuid);
    return { uuids, substrings, exact };
  }

  startHeartbeat(intervalMs: number): void {
    const beat = (): void => {
      this.fireHeartbeat();
      this.heartbeatTimer = this.clock.setTimer(beat, intervalMs);
    };
    this.heartbeatTimer = this.clock.setTimer(beat, intervalMs);
  }

  fireHeartbeat(): void {
    const upMs = this.clock.now() - this.startedMs;
    this.fireGlobal('HEARTBEAT', {
      'Up-Time': uptimeText(upMs),
      'Session-Count': String(this.channels.size),
      'Max-Sessions': String(this.maxSessions),
      'Session-Per-Sec': String(this.sps),
      'Session-Per-Sec-Last': String(this.spsNow()),
      'Session-Per-Sec-Max': String(this.sps),
      'Session-Peak-Max': String(this.peakSessions),
      'Session-Peak-FiveMin': String(this.peakSessions),
      'Session-Per-Sec-FiveMin': String(this.sps),
      'Session-Since-Startup': String(this.sessionsSinceStartup),
      'Uptime-msec': String(Math.round(upMs)),
      'Event-Info': 'System Ready',
    });
    this.fireGlobal('RE_SCHEDULE', { 'Task-Runtime': String(Math.floor(this.clock.now() / 1000) + 20) });
  }

  stop(): void {
    if (this.heartbeatTimer) this.clock.clearTimer(this.heartbeatTimer);
    for (const ch of [...this.channels.values()]) this.unregister(ch);
  }
}

export function uptimeText(upMs: number): string {
  const s = Math.floor(upMs / 1000);
  const ms = Math.floor(upMs % 1000);
  const days = Math.floor(s / 86400);
  return `0 years, ${days} days, ${Math.floor((s % 86400) / 3600)} hours, ${Math.floor((s % 3600) / 60)} minutes, ${s % 60} seconds, ${ms} milliseconds, 0 microseconds`;
}
