import type { Lang, MoneySlot, Slots, Understand } from '../intents/types.ts';
import type { Disposition, Flag } from './script-schema.ts';
import type { Script } from './script.ts';

/** What the engine needs to know about the account: identity, the debt, and the verification answers. */
export interface ConversationAccount {
  readonly accountId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly amountDue: MoneySlot;
  /** YYYY-MM-DD. */
  readonly dueDate: string;
  readonly creditorName?: string;
  /** The business placing the call (said in the greeting; never in a limited-content message). */
  readonly companyName: string;
  /** A natural person the consumer can ask for (Reg F limited-content message). */
  readonly contactName: string;
  readonly callbackNumber: string;
  /** Right-party verification answers; the script (or opts) chooses which one is asked. */
  readonly verification: { readonly dob?: string; readonly last4?: string };
}

export interface ConversationOptions {
  readonly understand: Understand;
  readonly lang: Lang;
  /** IANA zone of the consumer: "today" and relative dates resolve here. */
  readonly timeZone: string;
  /** When the call was answered (the first "today"). */
  readonly now: Date;
  /** How the call reached the robot: a person answered, a machine answered, or no one was free in time. */
  readonly entry?: 'live' | 'machine' | 'abandoned';
  readonly confidenceThreshold?: number;
  readonly verification?: 'dob' | 'last4';
}

/** The non-data part of a conversation: fixed for its whole life. */
export interface ConversationEnv {
  readonly script: Script;
  readonly account: ConversationAccount;
  readonly opts: ConversationOptions;
}

/** Every event may carry when it happened (`at`), which then stamps the transcript; heard input must. */
export type ConversationEvent =
  | {
      readonly type: 'speech.recognized';
      readonly text: string;
      readonly confidence: number;
      readonly at: Date;
    }
  | { readonly type: 'dtmf.received'; readonly digits: string; readonly at: Date }
  | { readonly type: 'speech.started'; readonly at?: Date }
  | { readonly type: 'prompt.finished'; readonly promptId: string; readonly at?: Date }
  | { readonly type: 'timer.fired'; readonly timerId: string; readonly at?: Date }
  | { readonly type: 'agent.available'; readonly at?: Date }
  | { readonly type: 'agent.unavailable'; readonly at?: Date }
  | { readonly type: 'machine.detected'; readonly at?: Date }
  | { readonly type: 'call.hungup'; readonly at?: Date };

export type ConversationEffect =
  | {
      readonly type: 'playPrompt';
      readonly promptId: string;
      readonly text: string;
      readonly file?: string;
      /** True when the caller may interrupt (a question); disclosures are not interruptible. */
      readonly bargeIn: boolean;
      /** A limited-content voicemail message: the runner plays it after the machine's beep. */
      readonly voicemail: boolean;
    }
  | {
      readonly type: 'startListening';
      readonly speech: boolean;
      readonly dtmf: { readonly maxDigits: number } | null;
    }
  | { readonly type: 'stopListening' }
  | { readonly type: 'stopPlayback' }
  | { readonly type: 'startTimer'; readonly timerId: string; readonly ms: number }
  | { readonly type: 'cancelTimer'; readonly timerId: string }
  | {
      readonly type: 'recordPromise';
      readonly amount: MoneySlot;
      readonly date: string;
      readonly installments?: Slots['installments'];
    }
  | { readonly type: 'setFlag'; readonly flag: Flag }
  | { readonly type: 'scheduleCallback'; readonly callbackTime?: string }
  | { readonly type: 'requestAgent'; readonly reason: string }
  | { readonly type: 'transferToAgent'; readonly disposition: Disposition }
  | { readonly type: 'hangup'; readonly disposition: Disposition };

/** One line of the transcript compliance staff review. */
export interface Turn {
  readonly seq: number;
  /** ISO instant of the event that produced the turn, when the runner gave one. */
  readonly at?: string;
  readonly state: string;
  readonly prompt?: { readonly key: string; readonly text: string };
  readonly heard?: {
    readonly text: string;
    readonly source: 'speech' | 'dtmf';
    readonly asrConfidence?: number;
  };
  readonly intent?: string;
  readonly confidence?: number;
  readonly slots?: Slots;
  readonly event?: string;
  readonly transition?: { readonly from: string; readonly to: string; readonly via: string };
}

export interface PendingPromise {
  readonly amount?: MoneySlot;
  readonly date?: string;
  readonly installments?: Slots['installments'];
}

export type Phase = 'playing' | 'listening' | 'awaiting_agent' | 'ended';

/** The serialisable part of a conversation. */
export interface ConversationData {
  readonly stateName: string;
  readonly phase: Phase;
  readonly verified: boolean;
  readonly noInputCount: number;
  readonly noMatchCount: number;
  readonly seq: number;
  readonly playingPromptId?: string;
  readonly activeTimerId?: string;
  readonly listening: boolean;
  readonly flags: readonly Flag[];
  readonly pending: PendingPromise;
  readonly promises: readonly { readonly amount: MoneySlot; readonly date: string }[];
  readonly callbackTime?: string;
  readonly disposition?: Disposition;
  readonly transcript: readonly Turn[];
}

export interface Conversation {
  readonly env: ConversationEnv;
  readonly data: ConversationData;
}

export interface StepResult {
  readonly state: Conversation;
  readonly effects: readonly ConversationEffect[];
}
