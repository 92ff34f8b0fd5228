/**
 * `api`/`bgapi` commands with FreeSWITCH 1.10.12's reply bodies (api-none capture, reference §6).
 * A result is either immediate (body, plus effects that run after the reply is written) or an originate,
 * which completes when the call is answered or fails.
 */
import { randomUUID } from 'node:crypto';
import { resolveBehaviour } from './behaviour.ts';
import { hangupChannel } from './call-flows.ts';
import type { Channel } from './channel.ts';
import type { LabSwitch } from './lab-switch.ts';
import { originateLoopback } from './loopback.ts';
import { avmdApi, breakApp, bridgeChannels, broadcast, holdChannel, recordStart, recordStop, transferChannel } from './media-apps.ts';
import { ORIGINATE_USAGE, parseOriginate, splitArgs } from './originate-args.ts';
import { createSofiaChannel, parkChannel, runSofiaLeg } from './call-flows.ts';
import { onCalleeAnswered } from './callee.ts';
import { showChannels, sofiaStatus, statusText } from './api-texts.ts';

export type ApiResult =
  | { readonly kind: 'now'; readonly body: string; readonly sync?: (fireApiEvent: () => void) => void }
  | { readonly kind: 'originate'; readonly start: (finish: (body: string) => void) => void };

const now = (body: string, sync?: (fireApiEvent: () => void) => void): ApiResult => ({ kind: 'now', body, sync });
const NO_CHANNEL = '-ERR No such channel!\n';

type Handler = (sw: LabSwitch, args: string[], raw: string) => ApiResult;

function withChannel(sw: LabSwitch, fsUuid: string | undefined, fn: (ch: Channel) => ApiResult, missing = NO_CHANNEL): ApiResult {
  const ch = fsUuid ? sw.channels.get(fsUuid) : undefined;
  return ch && ch.alive ? fn(ch) : now(missing);
}

function originate(sw: LabSwitch, raw: string): ApiResult {
  const req = parseOriginate(raw);
  if (!req) return now(ORIGINATE_USAGE);
  if (!req.target) return now('-ERR CHAN_NOT_IMPLEMENTED\n');
  const target = req.target;
  return {
    kind: 'originate',
    start: (finish) => {
      let done = false;
      const job = { finish: (body: string) => (done ? undefined : ((done = true), finish(body))) };
      // Over max-sessions or sessions-per-second no channel is created at all; mod_sofia then reports
      // SWITCH_CONGESTION (from reading switch_core_session.c / mod_sofia.c; not captured).
      if (!sw.admitSession()) return job.finish('-ERR SWITCH_CONGESTION\n');
      const behaviour = resolveBehaviour(sw.population, target.user, sw.rng);
      if (target.endpoint === 'loopback') return originateLoopback(sw, req, behaviour, job);
      const ch = createSofiaChannel(sw, req, behaviour);
      runSofiaLeg(sw, ch, req.timeoutSec, job, () => {
        if (req.app?.name === 'park' || !req.app) parkChannel(sw, ch);
        onCalleeAnswered(sw, ch);
      });
    },
  };
}

const handlers: Readonly<Record<string, Handler>> = {
  status: (sw) => now(statusText(sw)),
  version: () => now('FreeSWITCH Version 1.10.12-release~64bit ( 64bit)\n'),
  global_getvar: (_sw, args) => now(args[0] === 'hostname' ? 'vm' : ''),
  create_uuid: () => now(randomUUID()),
  show: (sw, args) => now(showChannels(sw, args)),
  sofia: (sw, args) => now(sofiaStatus(args, sw)),
  originate: (sw, _args, raw) => originate(sw, raw),
  uuid_exists: (sw, args) => now(sw.channels.get(args[0] ?? '')?.alive ? 'true' : 'false'),
  uuid_kill: (sw, args) =>
    withChannel(sw, args[0], (ch) =>
      now('+OK\n', (fireApi) => hangupChannel(sw, ch, args[1] ?? 'NORMAL_CLEARING', 'send_bye', { afterHangupEvent: fireApi })),
    ),
  hupall: (sw, args) => {
    const cause = args[0] ?? 'MANAGER_REQUEST';
    return now(`+OK hangup all channels with cause ${cause}\n`, () => {
      for (const ch of [...sw.channels.values()]) hangupChannel(sw, ch, cause, 'send_bye');
    });
  },
  uuid_setvar: (sw, args) =>
    withChannel(sw, args[0], (ch) => {
      if (!args[1]) return now('-ERR No variable specified\n');
      if (args.length > 2) ch.vars.set(args[1], args.slice(2).join(' '));
      else ch.vars.delete(args[1]);
      return now('+OK\n');
    }),
  uuid_getvar: (sw, args) => withChannel(sw, args[0], (ch) => now(ch.vars.get(args[1] ?? '') ?? ch.internalVars.get(args[1] ?? '') ?? '_undef_')),
  uuid_broadcast: (sw, args) =>
    withChannel(
      sw,
      args[0],
      (ch) => (args[1] ? now('+OK Message sent\n', () => broadcast(sw, ch, args[1]!, args[2] ?? 'aleg')) : now('-USAGE: <uuid> <path> [aleg|bleg|holdb|both]\n')),
      '-ERR invalid uuid\n',
    ),
  uuid_break: (sw, args) => withChannel(sw, args[0], (ch) => now('+OK\n', () => breakApp(sw, ch))),
  uuid_record: (sw, args) =>
    withChannel(
      sw,
      args[0],
      (ch) => {
        const path = args[2] ?? '';
        if (args[1] === 'start') return now('+OK Success\n', () => recordStart(sw, ch, path));
        if (args[1] === 'stop') return ch.recordingPath ? now('+OK Success\n', () => recordStop(sw, ch)) : now('-ERR Cannot stop record session!\n');
        return now('-USAGE: <uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]\n');
      },
      '-ERR Cannot locate session!\n',
    ),
  uuid_bridge: (sw, args) => {
    const a = sw.channels.get(args[0] ?? '');
    const b = sw.channels.get(args[1] ?? '');
    if (!args[1]) return now('-USAGE: <uuid> <other_uuid>\n');
    if (!a?.alive || !b?.alive) return now('-ERR Invalid uuid\n');
    return now(`+OK ${b.fsUuid}\n`, () => bridgeChannels(sw, a, b));
  },
  uuid_transfer: (sw, args) =>
    withChannel(sw, args[0], (ch) => {
      const dest = args.slice(1).filter((a) => a !== '-bleg' && a !== '-both');
      return dest[0] ? now('+OK\n', () => transferChannel(sw, ch, dest)) : now('-USAGE: <uuid> [-bleg|-both] <dest-exten> [<dialplan>] [<context>]\n');
    }),
  uuid_hold: (sw, args) => {
    const off = args[0] === 'off' || args[0] === 'toggle';
    const fsUuid = off ? args[1] : args[0];
    return withChannel(sw, fsUuid, (ch) => now('+OK Success\n', () => holdChannel(sw, ch, args[0] === 'toggle' ? !ch.held : !off)), '-ERR Operation failed\n');
  },
  avmd: (sw, args) => withChannel(sw, args[0], (ch) => avmdApi(sw, ch, args[1] ?? 'start')),
  fsctl: (sw, args) => {
    if (args[0] === 'max_sessions' && args[1]) sw.maxSessions = Number(args[1]) || sw.maxSessions;
    else if (args[0] === 'sps' && args[1]) sw.sps = Number(args[1]) || sw.sps;
    else return now('-ERR Invalid command\n');
    return now(args[0] === 'sps' ? `+OK sessions per second: ${sw.sps}\n` : `+OK max sessions: ${sw.maxSessions}\n`);
  },
};

export function runApi(sw: LabSwitch, command: string, raw: string): ApiResult {
  const handler = handlers[command];
  if (!handler) return now(`-ERR ${command} Command not found!\n`);
  return handler(sw, splitArgs(raw), raw);
}
