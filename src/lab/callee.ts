/**
 * The simulated far end: when it hangs up, what it says or keys in at each turn, when its answering
 * machine beeps. Delivered as the events FreeSWITCH would fire (DETECTED_SPEECH, DTMF, avmd::beep, BYE).
 */
import { hangupChannel } from './call-flows.ts';
import type { Channel } from './channel.ts';
import type { LabSwitch } from './lab-switch.ts';
import type { Turn } from './population.ts';

// Timings from the captures: begin-speaking ~120 ms after speech starts, detected-speech ~360 ms after it
// ends (700 ms of silence closes an utterance in mod_test's VAD), DTMF digits reported ~0.7 s apart.
const BEGIN_SPEAKING_MS = 120;
const END_OF_SPEECH_MS = 360;
const DTMF_GAP_MS = 700;
const DEFAULT_TURN_AFTER_MS = 800;
const DEFAULT_DTMF_AFTER_MS = 1100;
/** mod_test answers no_input after 5 s without speech. */
const NO_INPUT_MS = 5000;
const SPEECH_MS_PER_CHAR = 70;

export function speechResult(grammar: string, text: string, confidence: number): string {
  return `{"grammar": "${grammar}", "text": ${JSON.stringify(text)}, "confidence": ${confidence.toFixed(6)}}`;
}

function noInputResult(grammar: string): string {
  return `{"grammar": "${grammar}", "text": "", "confidence": 0, "error": "no_input"}`;
}

/** Called once the leg is answered (and parked): callee hang-up timer, DTMF-first turn, machine beep. */
export function onCalleeAnswered(sw: LabSwitch, ch: Channel): void {
  const b = ch.behaviour;
  if (b.hangupAfterMs !== undefined) {
    sw.after(ch, b.hangupAfterMs, () => {
      // A BYE from the callee: same event order as uuid_kill, told apart by sip_hangup_disposition=recv_bye.
      hangupChannel(sw, ch, 'NORMAL_CLEARING', 'recv_bye');
    });
  }
  const first = b.turns[0];
  if (first && 'dtmf' in first) deliverTurn(sw, ch, DEFAULT_DTMF_AFTER_MS);
  if (b.answeredBy === 'machine' && b.beepAfterMs !== undefined) sw.after(ch, b.beepAfterMs, () => fireBeep(sw, ch));
}

export function fireBeep(sw: LabSwitch, ch: Channel): void {
  if (!ch.alive || !ch.avmdRunning) return;
  const fields = { 'Beep-Status': 'DETECTED', Frequency: '999.88', 'Frequency-Variance': '0.00' };
  const sequence = sw.fireChannel(ch, { eventName: 'CUSTOM', subclass: 'avmd::beep', fields });
  sw.fireChannel(ch, { eventName: 'CUSTOM', subclass: 'avmd::beep', fields, sequence });
}

/** After a prompt ends, a callee whose next turn is DTMF keys it in (no speech detection needed). */
export function onPromptEnd(sw: LabSwitch, ch: Channel): void {
  const next = ch.behaviour.turns[ch.turnIndex];
  if (next && 'dtmf' in next && !ch.detecting) deliverTurn(sw, ch, next.afterMs ?? DEFAULT_TURN_AFTER_MS);
}

/**
 * detect_speech started: the callee takes its next turn. `consume` is play_and_detect_speech, which keeps
 * the result for itself (no DETECTED_SPEECH reaches the socket).
 */
export function onDetectStart(sw: LabSwitch, ch: Channel, consume?: (result: string) => void): void {
  if (ch.partner) {
    // Loopback: the B leg's own dialplan speaks; loopback.ts drives the A leg's detection from it.
    if (consume) ch.pendingConsume = consume;
    return;
  }
  const turn = ch.behaviour.turns[ch.turnIndex];
  const grammar = ch.detecting?.grammar ?? 'default';
  if (!turn || 'silence' in turn) {
    if (turn) ch.turnIndex++;
    sw.after(ch, NO_INPUT_MS, () => speechEnded(sw, ch, noInputResult(grammar), consume, false));
    return;
  }
  deliverTurn(sw, ch, turn.afterMs ?? DEFAULT_TURN_AFTER_MS, consume);
}

function deliverTurn(sw: LabSwitch, ch: Channel, afterMs: number, consume?: (result: string) => void): void {
  const turn: Turn | undefined = ch.behaviour.turns[ch.turnIndex++];
  if (!turn || 'silence' in turn) return;
  if ('dtmf' in turn) {
    [...turn.dtmf].forEach((digit, i) => sw.after(ch, afterMs + i * DTMF_GAP_MS, () => fireDtmf(sw, ch, digit)));
    return;
  }
  const grammar = ch.detecting?.grammar ?? 'default';
  const speakMs = turn.durationMs ?? Math.max(600, turn.say.length * SPEECH_MS_PER_CHAR);
  const detectingAtStart = ch.detecting;
  sw.after(ch, afterMs + BEGIN_SPEAKING_MS, () => {
    if (!consume && ch.detecting && ch.detecting === detectingAtStart) sw.fireChannel(ch, { eventName: 'DETECTED_SPEECH', speechType: 'begin-speaking', fields: { 'Speech-Type': 'begin-speaking' } });
  });
  sw.after(ch, afterMs + speakMs + END_OF_SPEECH_MS, () =>
    speechEnded(sw, ch, speechResult(grammar, turn.say, turn.confidence ?? 87.3), consume, ch.detecting !== detectingAtStart),
  );
}

export function speechEnded(sw: LabSwitch, ch: Channel, result: string, consume: ((r: string) => void) | undefined, stale: boolean): void {
  if (!ch.alive || stale) return;
  if (consume) return consume(result);
  if (!ch.detecting) return;
  sw.fireChannel(ch, { eventName: 'DETECTED_SPEECH', speechType: 'detected-speech', fields: { 'Speech-Type': 'detected-speech' }, body: result });
}

export function stopDetection(sw: LabSwitch, ch: Channel): void {
  if (!ch.detecting) return;
  ch.detecting = undefined;
  sw.fireChannel(ch, { eventName: 'DETECTED_SPEECH', speechType: 'closed', fields: { 'Speech-Type': 'closed' } });
}

export function fireDtmf(sw: LabSwitch, ch: Channel, digit: string): void {
  if (!ch.alive) return;
  sw.fireChannel(ch, { eventName: 'DTMF', fields: { 'DTMF-Digit': digit, 'DTMF-Duration': '2240', 'DTMF-Source': 'RTP' } });
}
