import type { Slots } from '../intents/types.ts';
import type {
  Conversation,
  ConversationData,
  ConversationEffect,
  ConversationEnv,
  PendingPromise,
  Turn,
} from './conversation-types.ts';
import type { Disposition, Guard, ScriptAction } from './script-schema.ts';
import type { ScriptState, Transition } from './script.ts';
import { localDate, render, templateValues } from './template.ts';

/**
 * The mutable scratchpad of one step. A step copies the conversation data into a Draft, applies the event,
 * and returns the new data with the effects; nothing outside the step ever sees the draft, so `step` stays pure.
 */
export interface Draft {
  readonly env: ConversationEnv;
  data: Mutable<ConversationData>;
  readonly effects: ConversationEffect[];
  /** The instant of the event being handled (for "today"); the answer time when none is known. */
  readonly at: Date;
  /** Whether `at` is the event's own time (then it stamps the transcript). */
  readonly timed: boolean;
}
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function draftOf(c: Conversation, at: Date | undefined): Draft {
  return { env: c.env, data: { ...c.data }, effects: [], at: at ?? c.env.opts.now, timed: at !== undefined };
}

export function currentState(d: Draft): ScriptState {
  const s = d.env.script.states[d.data.stateName];
  // The loader checked every reference, so a missing state is a programming error, not bad input.
  if (!s) throw new Error(`conversation is in unknown state ${d.data.stateName}`);
  return s;
}

export function addTurn(d: Draft, turn: Omit<Turn, 'seq' | 'state'>): void {
  d.data.seq += 1;
  const at = d.timed ? { at: d.at.toISOString() } : {};
  d.data.transcript = [...d.data.transcript, { seq: d.data.seq, ...at, state: d.data.stateName, ...turn }];
}

function promptText(d: Draft, key: string): { text: string; file?: string } {
  const prompts = d.env.script.prompts;
  // A verification question has one variant per check (`<key>_dob`, `<key>_last4`).
  const variant = `${key}_${verificationOf(d)}`;
  const body = (prompts[key] ?? prompts[variant])?.[d.env.opts.lang];
  const locale = d.env.script.locale[d.env.opts.lang];
  const values = templateValues(d.env.account, d.data.pending, locale, d.env.opts.lang);
  return { text: render(body?.text ?? '', values), file: body?.file };
}

/** Plays prompts (joined into one utterance) for the current state and records them in the transcript. */
export function play(d: Draft, keys: readonly string[]): void {
  const s = currentState(d);
  const parts = keys.map((k) => promptText(d, k));
  const text = parts.map((p) => p.text).join(' ');
  const file = parts.length === 1 ? parts[0]?.file : undefined;
  d.data.seq += 1;
  const promptId = `${s.name}#${d.data.seq}`;
  d.data.playingPromptId = promptId;
  d.data.phase = 'playing';
  const voicemail = s.actions.some((a) => 'leave_message' in a);
  d.effects.push({
    type: 'playPrompt',
    promptId,
    text,
    ...(file ? { file } : {}),
    bargeIn: s.input !== undefined,
    voicemail,
  });
  addTurn(d, { prompt: { key: keys.join('+'), text } });
}

export function cancelTimer(d: Draft): void {
  if (d.data.activeTimerId) d.effects.push({ type: 'cancelTimer', timerId: d.data.activeTimerId });
  d.data.activeTimerId = undefined;
}

export function stopListening(d: Draft): void {
  if (d.data.listening) d.effects.push({ type: 'stopListening' });
  d.data.listening = false;
}

export function stopPlayback(d: Draft): void {
  if (d.data.phase === 'playing' && d.data.playingPromptId) d.effects.push({ type: 'stopPlayback' });
  d.data.playingPromptId = undefined;
}

export function startNoInputTimer(d: Draft): void {
  const s = currentState(d);
  cancelTimer(d);
  d.data.seq += 1;
  const timerId = `${s.name}:no_input:${d.data.seq}`;
  d.data.activeTimerId = timerId;
  d.effects.push({
    type: 'startTimer',
    timerId,
    ms: s.input?.timeout_ms ?? d.env.script.settings.no_input_timeout_ms,
  });
  d.data.phase = 'listening';
}

/** Enters a state: leaves the old one cleanly, runs the entry actions, plays the prompt, listens if it asks. */
export function enterState(d: Draft, name: string, via: string): void {
  const from = d.data.stateName;
  cancelTimer(d);
  stopListening(d);
  d.data.stateName = name;
  d.data.noInputCount = 0;
  d.data.noMatchCount = 0;
  addTurn(d, { transition: { from, to: name, via } });
  const s = currentState(d);
  runActions(d, s.actions, {});
  if (s.input) {
    const maxDigits = s.input.verify_identity ? (verificationOf(d) === 'dob' ? 8 : 4) : 1;
    const dtmf = s.input.dtmf || s.input.verify_identity ? { maxDigits } : null;
    d.effects.push({ type: 'startListening', speech: s.input.speech, dtmf });
    d.data.listening = true;
  }
  if (s.say) return play(d, [s.say]);
  afterPrompt(d);
}

export function verificationOf(d: Draft): 'dob' | 'last4' {
  return d.env.opts.verification ?? d.env.script.settings.verification;
}

/** What happens once a state's prompt has played (or at once when it has none). */
export function afterPrompt(d: Draft): void {
  const s = currentState(d);
  d.data.playingPromptId = undefined;
  if (s.input) return startNoInputTimer(d);
  if (s.await_agent) {
    d.data.phase = 'awaiting_agent';
    return;
  }
  if (s.next) return enterState(d, s.next, 'done');
  if (s.transfer) {
    d.effects.push({ type: 'transferToAgent', disposition: s.transfer });
    return end(d, s.transfer);
  }
  if (s.end) {
    d.effects.push({ type: 'hangup', disposition: s.end });
    return end(d, s.end);
  }
}

export function end(d: Draft, disposition: Disposition): void {
  cancelTimer(d);
  stopListening(d);
  d.data.phase = 'ended';
  d.data.disposition = disposition;
  addTurn(d, { event: `ended:${disposition}` });
}

/** Disposition when the caller hangs up first: the strongest outcome reached so far. */
export function dispositionOnHangup(data: ConversationData): Disposition {
  const order: [string, Disposition][] = [
    ['bankruptcy', 'bankruptcy'],
    ['attorney', 'attorney'],
    ['cease', 'cease'],
    ['dispute', 'dispute'],
    ['wrong_number', 'wrong_number'],
  ];
  for (const [flag, disp] of order) if (data.flags.includes(flag as never)) return disp;
  if (data.promises.length > 0) return 'promise_to_pay';
  if (data.flags.includes('hardship')) return 'hardship';
  return data.verified ? 'right_party_contact' : 'no_contact';
}

export function mergeSlots(pending: PendingPromise, slots: Slots): PendingPromise {
  return {
    amount: slots.amount ?? slots.installments?.amount ?? pending.amount,
    date: slots.date ?? pending.date,
    installments: slots.installments ?? pending.installments,
  };
}

export function guardsPass(d: Draft, guards: readonly Guard[], slots: Slots): boolean {
  return guards.every((g) => guardPasses(d, g, slots));
}

function guardPasses(d: Draft, guard: Guard, slots: Slots): boolean {
  const p = mergeSlots(d.data.pending, slots);
  switch (guard) {
    case 'always':
      return true;
    case 'has_amount':
      return p.amount !== undefined;
    case 'has_date':
      return p.date !== undefined;
    case 'promise_complete':
      return p.amount !== undefined && p.date !== undefined;
    case 'verified':
      return d.data.verified;
  }
}

export function runActions(d: Draft, actions: readonly ScriptAction[], slots: Slots): void {
  for (const a of actions) {
    if ('capture_promise' in a) d.data.pending = mergeSlots(d.data.pending, slots);
    else if ('propose_full' in a)
      d.data.pending = {
        amount: d.env.account.amountDue,
        date: d.data.pending.date ?? localDate(d.at, d.env.opts.timeZone),
      };
    else if ('record_promise' in a) recordPromise(d);
    else if ('set_flag' in a) {
      if (!d.data.flags.includes(a.set_flag)) d.data.flags = [...d.data.flags, a.set_flag];
      d.effects.push({ type: 'setFlag', flag: a.set_flag });
    } else if ('schedule_callback' in a) {
      d.effects.push({
        type: 'scheduleCallback',
        ...(d.data.callbackTime ? { callbackTime: d.data.callbackTime } : {}),
      });
    } else if ('request_agent' in a) d.effects.push({ type: 'requestAgent', reason: a.request_agent });
  }
}

function recordPromise(d: Draft): void {
  const { amount, date, installments } = d.data.pending;
  // Guards (promise_complete) keep incomplete promises out; never record a promise nobody made.
  if (!amount || !date) return addTurn(d, { event: 'record_promise_skipped:incomplete' });
  d.effects.push({ type: 'recordPromise', amount, date, ...(installments ? { installments } : {}) });
  d.data.promises = [...d.data.promises, { amount, date }];
}

/** The transitions for a key in the current state: its own, else the script's global ones. */
export function transitionsFor(d: Draft, key: string): readonly Transition[] | undefined {
  const s = currentState(d);
  return s.on[key] ?? (s.input || s.await_agent ? d.env.script.global[key] : undefined);
}
