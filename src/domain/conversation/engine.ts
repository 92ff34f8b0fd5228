import type { Slots } from '../intents/types.ts';
import type {
  Conversation,
  ConversationAccount,
  ConversationEvent,
  ConversationOptions,
  StepResult,
} from './conversation-types.ts';
import {
  addTurn,
  afterPrompt,
  cancelTimer,
  currentState,
  dispositionOnHangup,
  draftOf,
  end,
  enterState,
  guardsPass,
  play,
  runActions,
  startNoInputTimer,
  stopPlayback,
  transitionsFor,
  verificationOf,
  type Draft,
} from './engine-core.ts';
import { checkIdentity } from './identity-check.ts';
import type { Script } from './script.ts';

/**
 * The conversation engine: `step(conversation, event) → { state, effects }`, pure. The runner executes the
 * effects (play, listen, timers, promise records, transfers, hangup) and feeds back events; time enters
 * only through events (`at`) and timers are effects (`startTimer`) the runner turns into `timer.fired`.
 */
export function startConversation(
  script: Script,
  account: ConversationAccount,
  opts: ConversationOptions,
): StepResult {
  const entry = script.entry[opts.entry ?? 'live'];
  const initial: Conversation = {
    env: { script, account, opts },
    data: {
      stateName: '(start)',
      phase: 'playing',
      verified: false,
      noInputCount: 0,
      noMatchCount: 0,
      seq: 0,
      listening: false,
      flags: [],
      pending: {},
      promises: [],
      transcript: [],
    },
  };
  const d = draftOf(initial, opts.now);
  enterState(d, entry, opts.entry ?? 'live');
  return finish(d);
}

export function step(state: Conversation, event: ConversationEvent): StepResult {
  if (state.data.phase === 'ended') return { state, effects: [] };
  const d = draftOf(state, event.at);
  switch (event.type) {
    case 'speech.recognized':
      onHeard(d, event.text, 'speech', event.confidence);
      break;
    case 'dtmf.received':
      onHeard(d, event.digits, 'dtmf', 1);
      break;
    case 'speech.started':
      onBargeIn(d);
      break;
    case 'prompt.finished':
      if (event.promptId === d.data.playingPromptId) afterPrompt(d);
      break;
    case 'timer.fired':
      if (event.timerId === d.data.activeTimerId && d.data.phase === 'listening') onNoInput(d);
      break;
    case 'agent.available':
    case 'agent.unavailable':
      onAgent(d, event.type === 'agent.available' ? 'agent_available' : 'agent_unavailable');
      break;
    case 'machine.detected':
      if (d.data.stateName !== d.env.script.entry.machine) {
        stopPlayback(d);
        enterState(d, d.env.script.entry.machine, 'machine_detected');
      }
      break;
    case 'call.hungup':
      addTurn(d, { event: 'caller_hung_up' });
      end(d, dispositionOnHangup(d.data));
      break;
  }
  return finish(d);
}

function finish(d: Draft): StepResult {
  return { state: { env: d.env, data: d.data }, effects: d.effects };
}

/** Follows the first transition for `key` whose guard passes; false when the state has none. */
function follow(d: Draft, key: string, slots: Slots, via: string): boolean {
  const t = transitionsFor(d, key)?.find((one) => guardsPass(d, one.if, slots));
  if (!t) return false;
  if (slots.callbackTime) d.data.callbackTime = slots.callbackTime;
  runActions(d, t.actions, slots);
  if (t.goto) enterState(d, t.goto, via);
  else if (t.reply) play(d, [t.reply, ...sayOf(d)]);
  return true;
}

function sayOf(d: Draft): string[] {
  const say = currentState(d).say;
  return say ? [say] : [];
}

function onBargeIn(d: Draft): void {
  const s = currentState(d);
  // Only questions can be interrupted; greetings and disclosures play to the end.
  if (d.data.phase !== 'playing' || !s.input) return;
  stopPlayback(d);
  addTurn(d, { event: 'barge_in' });
  // Waits for the recognition result, but never forever: no result in time counts as no input.
  startNoInputTimer(d);
}

function onHeard(d: Draft, text: string, source: 'speech' | 'dtmf', asrConfidence: number): void {
  const s = currentState(d);
  if (!s.input || (d.data.phase !== 'listening' && d.data.phase !== 'playing')) {
    return addTurn(d, { heard: { text, source }, event: 'ignored:not_listening' });
  }
  stopPlayback(d);
  cancelTimer(d);
  if (s.input.verify_identity && onIdentityAnswer(d, text, source)) return;
  if (source === 'dtmf') {
    const intent = s.input.dtmf?.[text.slice(0, 1)];
    addTurn(d, { heard: { text, source }, ...(intent ? { intent, confidence: 1 } : {}) });
    if (!intent || !follow(d, intent, {}, `dtmf:${text}`)) noMatch(d);
    return;
  }
  const { opts, account } = d.env;
  const u = opts.understand(text, {
    lang: opts.lang,
    now: d.at,
    timeZone: opts.timeZone,
    currency: account.amountDue.currency,
  });
  const confidence = Math.min(asrConfidence, u.confidence);
  addTurn(d, { heard: { text, source, asrConfidence }, intent: u.intent, confidence, slots: u.slots });
  const threshold = opts.confidenceThreshold ?? d.env.script.settings.confidence_threshold;
  // Below the threshold the robot asks again; it never acts on a guess.
  if (confidence < threshold) return noMatch(d);
  if (!follow(d, u.intent, u.slots, `intent:${u.intent}`)) noMatch(d);
}

/** True when the utterance was an attempt at the identity check (handled here); false to classify it instead. */
function onIdentityAnswer(d: Draft, text: string, source: 'speech' | 'dtmf'): boolean {
  const outcome = checkIdentity(verificationOf(d), { text, source }, d.env.account, d.env.opts.lang);
  if (outcome === 'unanswered') return false;
  // The answer itself is PII: the transcript keeps only the outcome.
  addTurn(d, { heard: { text: `[identity answer: ${outcome}]`, source }, event: `identity_${outcome}` });
  if (outcome === 'match') {
    d.data.verified = true;
    if (!follow(d, 'verified', {}, 'identity:match')) noMatch(d);
    return true;
  }
  d.data.noMatchCount += 1;
  const s = currentState(d);
  if (d.data.noMatchCount > (s.input?.max_retries ?? d.env.script.settings.max_retries)) {
    if (!follow(d, 'not_verified', {}, 'identity:mismatch'))
      enterState(d, d.env.script.settings.on_retries_exhausted, 'retries_exhausted');
  } else play(d, [s.no_match ?? 'no_match', ...sayOf(d)]);
  return true;
}

function noMatch(d: Draft): void {
  const s = currentState(d);
  d.data.noMatchCount += 1;
  if (d.data.noMatchCount > (s.input?.max_retries ?? d.env.script.settings.max_retries)) {
    if (!follow(d, 'no_match', {}, 'no_match_exhausted'))
      enterState(d, d.env.script.settings.on_retries_exhausted, 'retries_exhausted');
    return;
  }
  play(d, [s.no_match ?? 'no_match', ...sayOf(d)]);
}

function onNoInput(d: Draft): void {
  const s = currentState(d);
  d.data.activeTimerId = undefined;
  d.data.noInputCount += 1;
  addTurn(d, { event: 'no_input' });
  if (d.data.noInputCount > (s.input?.max_retries ?? d.env.script.settings.max_retries)) {
    if (!follow(d, 'no_input', {}, 'no_input_exhausted'))
      enterState(d, d.env.script.settings.on_retries_exhausted, 'retries_exhausted');
    return;
  }
  play(d, [s.no_input ?? 'no_input', ...sayOf(d)]);
}

function onAgent(d: Draft, key: 'agent_available' | 'agent_unavailable'): void {
  const s = currentState(d);
  if (!s.await_agent) return addTurn(d, { event: `ignored:${key}` });
  stopPlayback(d);
  addTurn(d, { event: key });
  follow(d, key, {}, key);
}
