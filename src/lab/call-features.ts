/**
 * Call features driven by api commands: recording, hold, bridge, transfer, avmd; and the hooks the
 * hangup sequence calls (running app, bridged partner, media bugs). Orders follow the captures.
 */
import { randomUUID } from 'node:crypto';
import type { ApiResult } from './api-commands.ts';
import { completeApp, executeApp, hangupChannel, parkChannel, setCallState, setState } from './call-flows.ts';
import type { Channel } from './channel.ts';
import type { LabSwitch } from './lab-switch.ts';
import { enqueue } from './media-apps.ts';

export function recordStart(sw: LabSwitch, ch: Channel, path: string): void {
  ch.recordingPath = path;
  ch.recordingStartedMs = sw.clock.now();
  sw.fireChannel(ch, { eventName: 'RECORD_START', fields: { 'Record-File-Path': path } });
  sw.fireChannel(ch, { eventName: 'MEDIA_BUG_START', fields: { 'Media-Bug-Function': 'session_record', 'Media-Bug-Target': path } });
}

export function recordStop(sw: LabSwitch, ch: Channel): void {
  const path = ch.recordingPath;
  if (path === undefined) return;
  ch.recordingPath = undefined;
  ch.internalVars.set('record_ms', String(Math.round(sw.clock.now() - ch.recordingStartedMs)));
  sw.fireChannel(ch, { eventName: 'RECORD_STOP', fields: { 'Record-File-Path': path } });
  sw.fireChannel(ch, { eventName: 'MEDIA_BUG_STOP', fields: { 'Media-Bug-Function': 'session_record', 'Media-Bug-Target': path } });
}

/** uuid_hold: CALLSTATE HELD + CHANNEL_HOLD; off: UNHELD + CHANNEL_UNHOLD, then ACTIVE ~20 ms later. */
export function holdChannel(sw: LabSwitch, ch: Channel, hold: boolean): void {
  ch.held = hold;
  if (hold) {
    setCallState(sw, ch, 'HELD');
    sw.fireChannel(ch, { eventName: 'CHANNEL_HOLD' });
    return;
  }
  setCallState(sw, ch, 'UNHELD');
  sw.fireChannel(ch, { eventName: 'CHANNEL_UNHOLD' });
  sw.after(ch, 20, () => ch.alive && setCallState(sw, ch, 'ACTIVE'));
}

function leavePark(sw: LabSwitch, ch: Channel): void {
  if (!ch.parked) return;
  sw.fireChannel(ch, { eventName: 'CHANNEL_UNPARK' });
  if (ch.parked === 'app') completeApp(sw, ch, 'park', '', ch.parkAppUuid);
  ch.parked = undefined;
}

/** uuid_bridge A B (bridge-plain order): each leg leaves park, A gets the single CHANNEL_BRIDGE. */
export function bridgeChannels(sw: LabSwitch, a: Channel, b: Channel): void {
  sw.after(a, 0, () => {
    if (!a.alive || !b.alive) return;
    for (const leg of [a, b]) {
      leavePark(sw, leg);
      for (const s of ['CS_HIBERNATE', 'CS_RESET', 'CS_SOFT_EXECUTE']) setState(sw, leg, s);
    }
    const bridgeFields = (other: Channel, type: string): Record<string, string> => ({ 'Other-Type': type, 'Other-Leg-Unique-ID': other.fsUuid });
    executeApp(sw, a, 'uuid_bridge', b.fsUuid, randomUUID());
    executeApp(sw, b, 'uuid_bridge', a.fsUuid, randomUUID());
    setState(sw, b, 'CS_CONSUME_MEDIA');
    a.bridgedWith = b;
    b.bridgedWith = a;
    a.bridgeSide = 'a';
    b.bridgeSide = 'b';
    sw.fireChannel(a, { eventName: 'CHANNEL_BRIDGE', fields: { 'Bridge-A-Unique-ID': a.fsUuid, 'Bridge-B-Unique-ID': b.fsUuid, ...bridgeFields(b, 'originatee') } });
    setState(sw, b, 'CS_EXCHANGE_MEDIA');
    sw.fireChannel(a, { eventName: 'CALL_UPDATE' });
    sw.fireChannel(b, { eventName: 'CALL_UPDATE' });
  });
}

/** One leg of a bridge hung up: the survivor unbridges, then parks (park_after_bridge) or hangs up. */
function endBridge(sw: LabSwitch, gone: Channel): void {
  const other = gone.bridgedWith;
  if (!other) return;
  gone.bridgedWith = undefined;
  other.bridgedWith = undefined;
  other.lastBridgedWith = gone;
  const aLeg = gone.bridgeSide === 'a' ? gone : other;
  // Synchronous on purpose: on the real switch the survivor's UNBRIDGE (and its park or hangup) came
  // before the dead leg's CS_HANGUP, so a client that waits for that leg's CHANNEL_DESTROY already sees it.
  if (!other.alive) return;
  sw.fireChannel(aLeg.alive ? aLeg : other, { eventName: 'CHANNEL_UNBRIDGE', fields: { 'Bridge-A-Unique-ID': aLeg.fsUuid } });
  other.internalVars.set('last_bridge_hangup_cause', gone.hangupCause ?? 'NORMAL_CLEARING');
  if (other.vars.get('park_after_bridge') === 'true') {
    setState(sw, other, 'CS_PARK');
    other.parked = 'state';
    sw.fireChannel(other, { eventName: 'CHANNEL_PARK' });
    return;
  }
  // hangup_after_bridge=false does not keep it up: its only application (park) already ended (bridge-plain).
  setState(sw, other, 'CS_EXECUTE');
  hangupChannel(sw, other, 'NORMAL_CLEARING', 'send_bye');
}

/** uuid_transfer: leaves park and runs the inline applications, or parks again for an extension (approximation). */
export function transferChannel(sw: LabSwitch, ch: Channel, dest: readonly string[]): void {
  sw.after(ch, 0, () => {
    if (!ch.alive) return;
    leavePark(sw, ch);
    if (dest[1] === 'inline') {
      for (const step of (dest[0] ?? '').split(',')) {
        const [app = '', ...arg] = step.split(':');
        enqueue(sw, ch, { app, arg: arg.join(':'), appUuid: randomUUID(), message: [['call-command', 'execute']], via: 'broadcast' }, 0);
      }
      return;
    }
    setState(sw, ch, 'CS_ROUTING');
    parkChannel(sw, ch);
  });
}

function avmdStartEvents(sw: LabSwitch, ch: Channel, onFull: (fire: () => void) => void): void {
  ch.avmdRunning = true;
  sw.fireChannel(ch, { eventName: 'MEDIA_BUG_START', fields: { 'Media-Bug-Function': 'avmd', 'Media-Bug-Target': '' } });
  const sequence = sw.fireChannel(ch, { eventName: 'CUSTOM', subclass: 'avmd::start' });
  onFull(() => ch.alive && sw.fireChannel(ch, { eventName: 'CUSTOM', subclass: 'avmd::start', sequence }));
}

/** execute_on_answer=avmd_start (the app form, which detects beeps; avmd-plain). */
export function avmdApp(sw: LabSwitch, ch: Channel): void {
  const appUuid = randomUUID();
  executeApp(sw, ch, 'avmd_start', '', appUuid);
  if (ch.legKind !== 'loopback-b') avmdStartEvents(sw, ch, (full) => sw.after(ch, 0, full));
  completeApp(sw, ch, 'avmd_start', '', appUuid);
}

/**
 * `avmd <uuid> start|stop` (API form). In 1.10.12 it started the detector at the wrong rate and never
 * reported a beep (avmd_api-plain), so the lab reports none either.
 */
export function avmdApi(sw: LabSwitch, ch: Channel, action: string): ApiResult {
  if (action === 'stop') {
    return {
      kind: 'now',
      body: `+OK\n [${ch.fsUuid}] [${ch.name}] stopped\n\n`,
      sync: () => {
        ch.avmdRunning = false;
        sw.fireChannel(ch, { eventName: 'MEDIA_BUG_STOP', fields: { 'Media-Bug-Function': 'avmd' } });
        const sequence = sw.fireChannel(ch, { eventName: 'CUSTOM', subclass: 'avmd::stop' });
        ch.deferredAvmd.push(() => sw.fireChannel(ch, { eventName: 'CUSTOM', subclass: 'avmd::stop', sequence }));
      },
    };
  }
  return {
    kind: 'now',
    body: `+OK\n [${ch.fsUuid}] [${ch.name}] started!\n\n`,
    sync: (fireApi) => {
      avmdStartEvents(sw, ch, (full) => {
        fireApi();
        full();
      });
      ch.avmdRunning = false; // the API form never detects (see above)
    },
  };
}

export function installFeatureHooks(sw: LabSwitch): void {
  sw.onExecuteOnAnswer = (ch, app) => {
    if (app.split(/\s+/)[0] === 'avmd_start') avmdApp(sw, ch);
  };
  sw.onHangup = (ch) => {
    for (const fire of ch.deferredAvmd.splice(0)) fire();
    ch.queue.length = 0;
    const running = ch.app;
    if (running) {
      ch.app = undefined;
      completeApp(sw, ch, running.app, running.arg, running.appUuid);
    }
    endBridge(sw, ch);
    // Hanging up either loopback leg ends the other one too (loopback-plain).
    const partner = ch.partner;
    if (partner?.alive)
      sw.after(partner, 0, () => {
        partner.interruptScript?.();
        hangupChannel(sw, partner, 'NORMAL_CLEARING', 'send_bye');
      });
  };
  sw.onMediaTeardown = (ch) => {
    if (ch.recordingPath !== undefined) recordStop(sw, ch);
    if (ch.detecting) {
      ch.detecting = undefined;
      sw.fireChannel(ch, { eventName: 'MEDIA_BUG_STOP', fields: { 'Media-Bug-Function': 'detect_speech' } });
    }
    if (ch.avmdRunning) {
      ch.avmdRunning = false;
      sw.fireChannel(ch, { eventName: 'MEDIA_BUG_STOP', fields: { 'Media-Bug-Function': 'avmd' } });
    }
  };
}
