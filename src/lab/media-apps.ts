/**
 * Applications on a channel (playback, speak, detect_speech, play_and_detect_speech, sleep, …), run one
 * at a time from the channel's message queue (sendmsg with event-lock, uuid_broadcast), with the events
 * the captures show for each.
 */
import { randomUUID } from 'node:crypto';
import { completeApp, executeApp, hangupChannel, parkChannel } from './call-flows.ts';
import type { Channel, QueuedApp } from './channel.ts';
import type { LabSwitch } from './lab-switch.ts';
import { onPromptEnd, onDetectStart, stopDetection } from './callee.ts';
import { splitArgs } from './originate-args.ts';

export { avmdApi, bridgeChannels, holdChannel, recordStart, recordStop, transferChannel } from './call-features.ts';

// Why: "The application starts about 20 ms later" (sendmsg) and "about 200 ms later" (uuid_broadcast) in
// the captures; the lab keeps those delays so that the reply always precedes the events.
const SENDMSG_START_MS = 20;
const BROADCAST_START_MS = 200;
/** A file's length is unknown to the lab; prompts are assumed to last this long. */
export const FILE_PLAY_MS = 3000;
/** flite speaks roughly 65 ms per character (the captured 41-character sentence took about 2.7 s). */
const SPEAK_MS_PER_CHAR = 65;

/** Duration of a playback target: tone_stream://%(on,off,freq);loops=N lasts (on+off)·N ms. */
export function playMs(path: string): number {
  const tone = /^tone_stream:\/\/%\((\d+),(\d+),[^)]*\)(?:;loops=(\d+))?/.exec(path);
  if (tone) return (Number(tone[1]) + Number(tone[2])) * Number(tone[3] ?? '1');
  if (path.startsWith('silence_stream://')) return Number(/\/\/(\d+)/.exec(path)?.[1] ?? '1000');
  return FILE_PLAY_MS;
}

function speakMs(arg: string): number {
  const text = arg.split('|').slice(2).join('|');
  return Math.max(300, text.length * SPEAK_MS_PER_CHAR);
}

export function enqueue(sw: LabSwitch, ch: Channel, item: QueuedApp, delayMs: number): void {
  sw.after(ch, delayMs, () => {
    ch.queue.push(item);
    runQueue(sw, ch);
  });
}

export function runQueue(sw: LabSwitch, ch: Channel): void {
  if (ch.app || !ch.alive) return;
  const next = ch.queue.shift();
  if (!next) return;
  if (next.app === 'park') {
    // park runs "forever": the channel waits for the next message (uuid_transfer … 'x,park' inline).
    parkChannel(sw, ch, next.appUuid);
    return;
  }
  ch.app = { ...next };
  executeApp(sw, ch, next.app, next.arg, next.appUuid);
  startApp(sw, ch, next);
}

/** Ends the running app: EXECUTE_COMPLETE, then the message's PRIVATE_COMMAND (or broadcast COMMAND). */
function finishApp(sw: LabSwitch, ch: Channel, item: QueuedApp, response: string): void {
  if (!ch.alive || ch.app?.appUuid !== item.appUuid) return;
  completeApp(sw, ch, item.app, item.arg, item.appUuid, response);
  ch.app = undefined;
  firePrivateCommand(sw, ch, item);
  if (item.app === 'playback' || item.app === 'speak') onPromptEnd(sw, ch);
  runQueue(sw, ch);
}

export function firePrivateCommand(sw: LabSwitch, ch: Channel, item: Pick<QueuedApp, 'message' | 'via' | 'app'>): void {
  const callCommand = item.message.find(([n]) => n === 'call-command')?.[1] ?? 'execute';
  if (item.via === 'broadcast') {
    const fields = Object.fromEntries(item.message.map(([n, v]) => [n, v]));
    sw.fireChannel(ch, { eventName: 'COMMAND', callCommand, application: item.app, fields });
    return;
  }
  sw.fireChannel(ch, { eventName: 'PRIVATE_COMMAND', callCommand, application: item.app, prefix: item.message });
}

function startApp(sw: LabSwitch, ch: Channel, item: QueuedApp): void {
  const done = (response: string): void => finishApp(sw, ch, item, response);
  switch (item.app) {
    case 'playback':
      return playback(sw, ch, item.arg, done);
    case 'speak':
      sw.after(ch, speakMs(item.arg), () => done('_none_'));
      return;
    case 'set':
    case 'export': {
      const eq = item.arg.indexOf('=');
      if (eq > 0) ch.vars.set(item.arg.slice(0, eq), item.arg.slice(eq + 1));
      done('_none_');
      return;
    }
    case 'sleep':
      sw.after(ch, Number(item.arg) || 0, () => done('_none_'));
      return;
    case 'detect_speech':
      return detectSpeech(sw, ch, item.arg, done);
    case 'play_and_detect_speech':
      return playAndDetect(sw, ch, item.arg, done);
    case 'hangup':
      ch.app = undefined;
      hangupChannel(sw, ch, item.arg || 'NORMAL_CLEARING', 'send_bye');
      return;
    default:
      done('_none_');
  }
}

function playback(sw: LabSwitch, ch: Channel, path: string, done: (response: string) => void): void {
  sw.fireChannel(ch, { eventName: 'PLAYBACK_START', fields: { 'Playback-File-Path': path } });
  const stop = (status: 'done' | 'break'): void => {
    if (!ch.app?.stop) return;
    ch.app.stop = undefined;
    sw.fireChannel(ch, { eventName: 'PLAYBACK_STOP', fields: { 'Playback-File-Path': path, 'Playback-Status': status } });
    done('FILE PLAYED');
  };
  if (ch.app) ch.app.stop = (reason) => (reason === 'break' ? stop('break') : undefined);
  sw.after(ch, playMs(path), () => stop('done'));
}

function detectSpeech(sw: LabSwitch, ch: Channel, arg: string, done: (response: string) => void): void {
  const [engine = 'test', grammar = 'default'] = arg.split(/\s+/);
  if (engine === 'stop') {
    if (ch.detecting) sw.fireChannel(ch, { eventName: 'MEDIA_BUG_STOP', fields: { 'Media-Bug-Function': 'detect_speech' } });
    done('_none_');
    stopDetection(sw, ch);
    return;
  }
  ch.detecting = { engine, grammar };
  sw.fireChannel(ch, { eventName: 'MEDIA_BUG_START', fields: { 'Media-Bug-Function': 'detect_speech', 'Media-Bug-Target': `${engine}/(null)/(null)/(null)` } });
  done('_none_');
  onDetectStart(sw, ch);
}

/** play_and_detect_speech blocks and consumes DETECTED_SPEECH itself: the result lands in a variable. */
function playAndDetect(sw: LabSwitch, ch: Channel, arg: string, done: (response: string) => void): void {
  const [file = '', detect = ''] = splitArgs(arg);
  const [engine = 'test', grammar = 'default'] = detect.replace(/^detect:/, '').split(/\s+/);
  ch.detecting = { engine, grammar };
  sw.fireChannel(ch, { eventName: 'MEDIA_BUG_START', fields: { 'Media-Bug-Function': 'detect_speech', 'Media-Bug-Target': `${engine}/(null)/(null)/(null)` } });
  sw.fireChannel(ch, { eventName: 'PLAYBACK_START', fields: { 'Playback-File-Path': file } });
  sw.after(ch, playMs(file), () => {
    sw.fireChannel(ch, { eventName: 'PLAYBACK_STOP', fields: { 'Playback-File-Path': file, 'Playback-Status': 'done' } });
    onDetectStart(sw, ch, (result) => {
      ch.vars.set('detect_speech_result', result);
      done('DONE');
    });
  });
}

/** `uuid_broadcast <uuid> <path> [aleg|bleg|both]`: queued with event-lock, starts ~200 ms later. */
export function broadcast(sw: LabSwitch, ch: Channel, path: string, leg: string): void {
  const targets = leg === 'bleg' ? [ch.bridgedWith] : leg === 'both' ? [ch, ch.bridgedWith] : [ch];
  const sep = path.indexOf('::');
  const app = sep > 0 ? path.slice(0, sep) : 'playback';
  const arg = sep > 0 ? path.slice(sep + 2) : path;
  for (const t of targets) {
    if (!t?.alive) continue;
    const message: Array<[string, string]> = [
      ['call-command', 'execute'],
      ['execute-app-name', app],
      ['execute-app-arg', arg],
      ['event-lock', 'true'],
    ];
    enqueue(sw, t, { app, arg, appUuid: randomUUID(), message, via: 'broadcast' }, BROADCAST_START_MS);
  }
}

export function breakApp(sw: LabSwitch, ch: Channel): void {
  ch.app?.stop?.('break');
  void sw;
}

/** `sendmsg <uuid>` with call-command execute|hangup. Returns the reply text; effects run after it. */
export function handleSendmsg(sw: LabSwitch, fsUuid: string, headers: ReadonlyArray<readonly [string, string]>, line: string): string {
  const ch = sw.channels.get(fsUuid);
  if (!ch?.alive) return `-ERR invalid session id [${fsUuid}]`;
  const get = (name: string): string | undefined => headers.find(([n]) => n.toLowerCase() === name)?.[1];
  const message: Array<[string, string]> = [['Command', line], ...headers.map(([n, v]): [string, string] => [n, v])];
  const command = get('call-command') ?? '';
  if (command === 'hangup') {
    const cause = get('hangup-cause') ?? 'NORMAL_CLEARING';
    sw.after(ch, 0, () =>
      hangupChannel(sw, ch, cause, 'send_bye', { afterHangupEvent: () => firePrivateCommand(sw, ch, { message, via: 'sendmsg', app: '' }) }),
    );
    return '+OK';
  }
  if (command === 'execute') {
    const app = get('execute-app-name') ?? '';
    const arg = get('execute-app-arg') ?? '';
    const appUuid = get('event-uuid') ?? randomUUID();
    const loops = Math.max(1, Number(get('loops') ?? '1') || 1);
    for (let i = 0; i < loops; i++) enqueue(sw, ch, { app, arg, appUuid, message, via: 'sendmsg' }, SENDMSG_START_MS);
    return '+OK';
  }
  return '+OK';
}
