import type { Disposition as CallDisposition } from '../dispositions/dispositions.ts';
import { z } from 'zod';
import { INTENTS } from '../intents/types.ts';

/**
 * The YAML format of a conversation script, version 1 (`format: recollect.conversation/v1`).
 * A script is data: states with prompts per language, expected inputs, transitions by intent or event,
 * retries, timeouts and actions. docs/conversation.md describes every field; ADR 0500 says why it is
 * a hand-written reducer over this data rather than a statechart library.
 */

export const SCRIPT_FORMAT = 'recollect.conversation/v1';

/**
 * End states only a script has, and the fixed call disposition each becomes when the call is classified
 * (the robot could not transfer yet — agents come with the SIP work — or the person never engaged; none of
 * them disclosed anything).
 */
export const SCRIPT_ONLY_DISPOSITIONS = {
  transferred: 'right_party_contact',
  unverified: 'hung_up',
  no_response: 'hung_up',
  no_contact: 'hung_up',
} as const satisfies Readonly<Record<string, CallDisposition>>;

/** What a script's `end` may name: members of the fixed set (checked by the compiler) plus the script-only ones. */
export const DISPOSITIONS = [
  ...([
    'right_party_contact',
    'promise_to_pay',
    'already_paid',
    'hardship',
    'dispute',
    'refused',
    'cease',
    'attorney',
    'bankruptcy',
    'wrong_number',
    'third_party',
    'callback',
    'voicemail_left',
    'abandoned',
  ] as const satisfies readonly CallDisposition[]),
  ...(['transferred', 'unverified', 'no_response', 'no_contact'] as const satisfies readonly (keyof typeof SCRIPT_ONLY_DISPOSITIONS)[]),
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export const FLAGS = [
  'cease',
  'dispute',
  'attorney',
  'bankruptcy',
  'wrong_number',
  'deceased',
  'hardship',
] as const;
export type Flag = (typeof FLAGS)[number];

/** Disclosures a compliance profile can require; a prompt declares which it makes with `discloses`. */
export const DISCLOSURES = [
  'business_identity',
  'ai_disclosure',
  'recording_notice',
  'mini_miranda',
] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

/** Events a transition can be keyed by besides the intents. */
export const TRANSITION_EVENTS = [
  'verified',
  'not_verified',
  'no_input',
  'no_match',
  'agent_available',
  'agent_unavailable',
  'done',
] as const;
export type TransitionEvent = (typeof TRANSITION_EVENTS)[number];
export const TRANSITION_KEYS: readonly string[] = [...INTENTS, ...TRANSITION_EVENTS];

const LANG = z.enum(['en', 'zh']);

/** A prompt in one language: TTS text, or an audio file with its transcript (the text is what compliance reads). */
const promptText = z.union([
  z.string().min(1),
  z.strictObject({ file: z.string().min(1), text: z.string().min(1) }),
]);
const prompt = z.partialRecord(LANG, promptText);

const action = z.union([
  z.strictObject({ record_promise: z.literal(true) }),
  z.strictObject({ capture_promise: z.literal(true) }),
  z.strictObject({ propose_full: z.literal(true) }),
  z.strictObject({ set_flag: z.enum(FLAGS) }),
  z.strictObject({ schedule_callback: z.literal(true) }),
  z.strictObject({ request_agent: z.string().min(1) }),
  z.strictObject({ leave_message: z.literal(true) }),
]);
export type ScriptAction = z.infer<typeof action>;

const GUARDS = ['has_amount', 'has_date', 'promise_complete', 'verified', 'always'] as const;
export type Guard = (typeof GUARDS)[number];

const transitionTarget = z.union([
  z.string().min(1),
  z.strictObject({
    goto: z.string().min(1).optional(),
    /** Answer and stay: play this prompt, then the state's re-prompt. */
    reply: z.string().min(1).optional(),
    /** All listed guards must pass; the first transition whose guards pass is taken. */
    if: z.union([z.enum(GUARDS), z.array(z.enum(GUARDS)).min(1)]).optional(),
    actions: z.array(action).optional(),
  }),
]);
const transition = z.union([transitionTarget, z.array(transitionTarget).min(1)]);

const input = z.strictObject({
  speech: z.boolean().default(true),
  /** Digit → intent, e.g. { "1": affirm, "2": deny }. */
  dtmf: z.record(z.string().regex(/^[0-9*#]$/, 'a single key 0-9, * or #'), z.enum(INTENTS)).optional(),
  /** This state checks identity (the configured check) instead of classifying intent. */
  verify_identity: z.boolean().optional(),
  timeout_ms: z.number().int().min(500).max(60_000).optional(),
  max_retries: z.number().int().min(0).max(5).optional(),
});

const state = z.strictObject({
  say: z.string().min(1).optional(),
  discloses: z.array(z.enum(DISCLOSURES)).optional(),
  actions: z.array(action).optional(),
  input: input.optional(),
  /** Re-prompts after no-input / no-match (prompt keys); default: the script's `reprompt_no_input` etc. */
  no_input: z.string().min(1).optional(),
  no_match: z.string().min(1).optional(),
  on: z.record(z.string(), transition).optional(),
  /** Without input: where to go once the prompt has played. */
  next: z.string().min(1).optional(),
  /** Terminal: hang up with this disposition once the prompt has played. */
  end: z.enum(DISPOSITIONS).optional(),
  /** Terminal: hand the call to the agent the runner found, with this disposition, once the prompt has played. */
  transfer: z.enum(DISPOSITIONS).optional(),
  /** Waiting for an agent: the runner's agent events drive `on.agent_available / agent_unavailable`. */
  await_agent: z.boolean().optional(),
});
export type ScriptStateDef = z.infer<typeof state>;

export const scriptSchema = z.strictObject({
  format: z.literal(SCRIPT_FORMAT),
  name: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes'),
  version: z.number().int().min(1),
  languages: z.array(LANG).min(1),
  locale: z.partialRecord(LANG, z.string().min(2)).optional(),
  /** Compliance profiles whose disclosures the script must make (checked at load). */
  profiles: z.array(z.enum(['us-federal', 'cn'])).min(1),
  settings: z.strictObject({
    confidence_threshold: z.number().min(0).max(1),
    no_input_timeout_ms: z.number().int().min(500).max(60_000),
    max_retries: z.number().int().min(0).max(5),
    verification: z.enum(['dob', 'last4']),
    /** Where to go when re-prompts are exhausted (escalate or end politely). */
    on_retries_exhausted: z.string().min(1),
  }),
  entry: z.strictObject({
    live: z.string().min(1),
    machine: z.string().min(1),
    abandoned: z.string().min(1),
  }),
  prompts: z.record(z.string().regex(/^[a-z0-9_]+$/, 'snake_case key'), prompt),
  /** Transitions every listening state inherits unless it overrides the key. */
  global: z.record(z.string(), transition).default({}),
  states: z.record(z.string().regex(/^[a-z0-9_]+$/, 'snake_case name'), state),
});

export type ScriptDef = z.infer<typeof scriptSchema>;
export type TransitionDef = z.infer<typeof transitionTarget>;
export type PromptDef = z.infer<typeof prompt>;
