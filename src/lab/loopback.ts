/**
 * `originate loopback/<exten>/<context>`: an outbound A leg and an inbound B leg that runs the
 * extension's dialplan (loopback-plain, avmd-plain, detect-speech-plain). The lab's `default` context:
 *   answer  → answer, park
 *   machine → answer, sleep 500, speak a ~5 s greeting, play an 800 ms beep, sleep
 *   speaker → answer, sleep 1000, play a 2.92 s utterance, sleep 20 s
 * Any other extension answers and parks (or plays the machine script when the population says machine).
 */
import { randomUUID } from 'node:crypto';
import type { ResolvedBehaviour } from './behaviour.ts';
import { completeApp, executeApp, markAnswered, parkChannel, setCallState, setState, type OriginateJob } from './call-flows.ts';
import { Channel } from './channel.ts';
import { fireBeep, speechEnded, speechResult } from './callee.ts';
import type { LabSwitch } from './lab-switch.ts';
import type { OriginateRequest } from './originate-args.ts';

type Step = { app: string; arg: string; ms: number };

const SCRIPTS: Readonly<Record<string, readonly Step[]>> = {
  answer: [{ app: 'park', arg: '', ms: 0 }],
  machine: [
    { app: 'sleep', arg: '500', ms: 500 },
    { app: 'speak', arg: 'flite|kal|Hello, you have reached the lab answering machine. Please leave a message after the tone.', ms: 5000 },
    { app: 'playback', arg: 'tone_stream://%(800,0,1000)', ms: 800 },
    { app: 'sleep', arg: '20000', ms: 20000 },
  ],
  speaker: [
    { app: 'sleep', arg: '1000', ms: 1000 },
    { app: 'playback', arg: '/usr/share/freeswitch/sounds/lab/promise-to-pay-8k.wav', ms: 2920 },
    { app: 'sleep', arg: '20000', ms: 20000 },
  ],
};

// Why these delays: begin-speaking came ~120 ms after the B leg's PLAYBACK_START and detected-speech
// ~360 ms after its PLAYBACK_STOP; avmd::beep ~160 ms after the beep's PLAYBACK_START (captures).
const BEGIN_SPEAKING_MS = 120;
const END_OF_SPEECH_MS = 360;
const BEEP_DETECT_MS = 160;

function captureFor(exten: string, b: ResolvedBehaviour): string {
  if (b.template) return b.template.split(':')[0]!;
  if (exten === 'machine' || b.answeredBy === 'machine') return 'avmd-plain';
  if (exten === 'speaker') return 'detect-speech-plain';
  return 'loopback-plain';
}

export function originateLoopback(sw: LabSwitch, req: OriginateRequest, behaviour: ResolvedBehaviour, job: OriginateJob): void {
  const exten = req.target!.user;
  const vars = new Map(req.vars);
  const capture = captureFor(exten, behaviour);
  const common = { capture, behaviour, createdMs: sw.clock.now(), destination: exten, callerIdName: vars.get('origination_caller_id_name') ?? '' };
  const cid = vars.get('origination_caller_id_number') ?? '0000000000';
  const a = new Channel({ ...common, fsUuid: vars.get('origination_uuid') ?? randomUUID(), name: `loopback/${exten}-a`, legKind: 'loopback-a', role: 'o0', callerIdNumber: cid });
  const b = new Channel({ ...common, fsUuid: randomUUID(), name: `loopback/${exten}-b`, legKind: 'loopback-b', role: 'o0-b', callerIdNumber: cid });
  a.partner = b;
  b.partner = a;
  for (const [k, v] of req.vars) {
    a.vars.set(k, v);
    a.originateVarNames.add(k);
    b.originateVarNames.add(k);
    if (k !== 'origination_uuid') b.vars.set(k, v); // {} variables are inherited by the B leg
  }
  if (!sw.admitSession()) {
    job.finish('-ERR SWITCH_CONGESTION\n');
    return;
  }
  sw.register(a);
  sw.register(b);
  setupLegs(sw, a, b);
  const script = SCRIPTS[exten] ?? (behaviour.answeredBy === 'machine' ? SCRIPTS.machine! : SCRIPTS.answer!);
  answerLegs(sw, a, b, job, () => {
    if (req.app?.name === 'park' || !req.app) parkChannel(sw, a);
  });
  runScript(sw, b, script, 0);
}

function setupLegs(sw: LabSwitch, a: Channel, b: Channel): void {
  a.state = 'CS_NONE';
  b.state = 'CS_NONE';
  sw.fireChannel(a, { eventName: 'CODEC' });
  sw.fireChannel(a, { eventName: 'CODEC' });
  sw.fireChannel(a, { eventName: 'CHANNEL_UUID' });
  sw.fireChannel(a, { eventName: 'CHANNEL_OUTGOING' });
  setState(sw, a, 'CS_INIT');
  sw.fireChannel(b, { eventName: 'CODEC' });
  sw.fireChannel(b, { eventName: 'CODEC' });
  sw.fireChannel(a, { eventName: 'CHANNEL_CREATE' });
  sw.fireChannel(a, { eventName: 'CHANNEL_ORIGINATE' });
  setState(sw, a, 'CS_ROUTING');
  setState(sw, a, 'CS_CONSUME_MEDIA');
  setState(sw, b, 'CS_INIT');
  sw.fireChannel(b, { eventName: 'CHANNEL_CREATE' });
  b.state = 'CS_ROUTING';
  setCallState(sw, b, 'RINGING');
  sw.fireChannel(b, { eventName: 'CHANNEL_STATE' });
  setState(sw, b, 'CS_EXECUTE');
}

/** The B leg runs `answer`, which answers the A leg first, then itself. */
function answerLegs(sw: LabSwitch, a: Channel, b: Channel, job: OriginateJob, onAnswered: () => void): void {
  const answerUuid = randomUUID();
  executeApp(sw, b, 'answer', '', answerUuid);
  markAnswered(sw, a);
  sw.fireChannel(a, { eventName: 'CALL_UPDATE' });
  job.finish(`+OK ${a.fsUuid}\n`);
  markAnswered(sw, b);
  onAnswered();
  completeApp(sw, b, 'answer', '', answerUuid);
}

function runScript(sw: LabSwitch, b: Channel, steps: readonly Step[], index: number): void {
  const step = steps[index];
  if (!step || !b.alive) return;
  if (step.app === 'park') return parkChannel(sw, b);
  const appUuid = randomUUID();
  b.app = { app: step.app, arg: step.arg, appUuid, message: [], via: 'broadcast' };
  b.interruptScript = () => interruptScript(sw, b, steps, index, appUuid);
  executeApp(sw, b, step.app, step.arg, appUuid);
  if (step.app === 'playback') {
    sw.fireChannel(b, { eventName: 'PLAYBACK_START', fields: { 'Playback-File-Path': step.arg } });
    onPartnerAudio(sw, b, 'start', step.arg);
  }
  sw.after(b, step.ms, () => {
    if (!b.alive) return;
    if (step.app === 'playback') {
      sw.fireChannel(b, { eventName: 'PLAYBACK_STOP', fields: { 'Playback-File-Path': step.arg, 'Playback-Status': 'done' } });
      onPartnerAudio(sw, b, 'stop', step.arg);
    }
    b.app = undefined;
    completeApp(sw, b, step.app, step.arg, appUuid, step.app === 'playback' ? 'FILE PLAYED' : '_none_');
    runScript(sw, b, steps, index + 1);
  });
}

/**
 * The A leg hung up while the B leg plays: the playback stops, the rest of the dialplan runs through at
 * once (each app returns immediately), then the B leg hangs up (avmd-plain). A running sleep is simply
 * cut by the hangup instead (detect-speech-plain), which the hangup sequence does itself.
 */
function interruptScript(sw: LabSwitch, b: Channel, steps: readonly Step[], index: number, appUuid: string): void {
  const step = steps[index];
  if (!step || step.app !== 'playback' || b.app?.appUuid !== appUuid) return;
  sw.fireChannel(b, { eventName: 'PLAYBACK_STOP', fields: { 'Playback-File-Path': step.arg, 'Playback-Status': 'break' } });
  b.app = undefined;
  completeApp(sw, b, step.app, step.arg, appUuid, 'FILE PLAYED');
  for (const rest of steps.slice(index + 1)) {
    if (rest.app === 'park') break;
    const restUuid = randomUUID();
    executeApp(sw, b, rest.app, rest.arg, restUuid);
    completeApp(sw, b, rest.app, rest.arg, restUuid);
  }
}

/** What the A leg hears from the B leg's playback: speech for detect_speech, a beep for avmd. */
function onPartnerAudio(sw: LabSwitch, b: Channel, edge: 'start' | 'stop', path: string): void {
  const a = b.partner;
  if (!a?.alive) return;
  const isBeep = path.startsWith('tone_stream://');
  if (isBeep) {
    if (edge === 'start') sw.after(a, BEEP_DETECT_MS, () => fireBeep(sw, a));
    return;
  }
  const consuming = a.app?.app === 'play_and_detect_speech';
  if (edge === 'start') {
    sw.after(a, BEGIN_SPEAKING_MS, () => {
      if (a.detecting && !consuming) sw.fireChannel(a, { eventName: 'DETECTED_SPEECH', speechType: 'begin-speaking', fields: { 'Speech-Type': 'begin-speaking' } });
    });
    return;
  }
  sw.after(a, END_OF_SPEECH_MS, () => {
    if (!a.detecting) return;
    // mod_test recognises nothing: its result text is always "agent" (capture README).
    const result = speechResult(a.detecting.grammar, 'agent', 87.3);
    const consume = a.pendingConsume;
    a.pendingConsume = undefined;
    speechEnded(sw, a, result, consume, false);
  });
}
