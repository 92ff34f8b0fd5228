import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Intent, Slots, Understand, Understanding } from '../../../src/domain/intents/types.ts';
import {
  startConversation,
  step,
  type Conversation,
  type ConversationAccount,
  type ConversationEffect,
  type ConversationEvent,
  type ConversationOptions,
  type Script,
} from '../../../src/domain/conversation/index.ts';

export function shippedYaml(name: 'collections-en' | 'collections-zh'): string {
  return readFileSync(
    fileURLToPath(new URL(`../../../src/conversation-scripts/${name}.yaml`, import.meta.url)),
    'utf8',
  );
}

export const NOW = new Date('2026-11-23T15:00:00Z'); // a Monday, 10:00 in New York, 23:00 in Shanghai

export const ACCOUNTS = {
  en: {
    accountId: 'acct-en-1',
    firstName: 'Maria',
    lastName: 'Lopez',
    amountDue: { value: 1250, currency: 'USD' },
    dueDate: '2026-11-30',
    companyName: 'Northwind Services',
    contactName: 'Alex Kim',
    callbackNumber: '555-0100',
    verification: { last4: '1234', dob: '1985-03-05' },
  },
  zh: {
    accountId: 'acct-zh-1',
    firstName: '伟',
    lastName: '王',
    amountDue: { value: 2500, currency: 'CNY' },
    dueDate: '2026-11-30',
    companyName: '星辰服务',
    contactName: '李明',
    callbackNumber: '400-800-1234',
    verification: { last4: '1234', dob: '1985-03-05' },
  },
} satisfies Record<string, ConversationAccount>;

export type Heard = { readonly intent: Intent; readonly confidence?: number; readonly slots?: Slots };

/** A stand-in classifier: a fixed table from utterance to understanding; anything else is out_of_scope. */
export function fakeUnderstand(table: Record<string, Heard>): Understand & { calls: string[] } {
  const calls: string[] = [];
  const fn = (text: string): Understanding => {
    calls.push(text);
    const h = table[text];
    return {
      text,
      intent: h?.intent ?? 'out_of_scope',
      confidence: h?.confidence ?? 0.95,
      slots: h?.slots ?? {},
    };
  };
  return Object.assign(fn, { calls });
}

/**
 * Plays the runner's part: applies events, keeps every effect, and finishes prompts on request, the way the
 * media layer would report them. No time passes: timers fire only when the test says so.
 */
export class CallDriver {
  conversation: Conversation;
  readonly effects: ConversationEffect[] = [];
  lastEffects: readonly ConversationEffect[] = [];

  constructor(script: Script, account: ConversationAccount, opts: ConversationOptions) {
    const r = startConversation(script, account, opts);
    this.conversation = r.state;
    this.record(r.effects);
  }

  private record(effects: readonly ConversationEffect[]): void {
    this.lastEffects = effects;
    this.effects.push(...effects);
  }

  send(event: ConversationEvent): readonly ConversationEffect[] {
    const r = step(this.conversation, event);
    this.conversation = r.state;
    this.record(r.effects);
    return r.effects;
  }

  get data(): Conversation['data'] {
    return this.conversation.data;
  }

  /** Lets every queued prompt play to its end (greeting → question …) until the robot waits for the caller. */
  settle(): this {
    for (let guard = 0; guard < 20 && this.data.phase === 'playing' && this.data.playingPromptId; guard++) {
      this.send({ type: 'prompt.finished', promptId: this.data.playingPromptId });
    }
    return this;
  }

  say(text: string, confidence = 0.92): this {
    this.settle().send({ type: 'speech.recognized', text, confidence, at: NOW });
    return this.settle();
  }

  key(digits: string): this {
    this.settle().send({ type: 'dtmf.received', digits, at: NOW });
    return this.settle();
  }

  /** The caller stays silent until the robot's no-input timer fires. */
  silence(): this {
    this.settle();
    const timerId = this.data.activeTimerId;
    if (!timerId) throw new Error('no timer is running');
    this.send({ type: 'timer.fired', timerId });
    return this.settle();
  }

  prompts(): string[] {
    return this.effects.flatMap((e) => (e.type === 'playPrompt' ? [e.text] : []));
  }

  of<T extends ConversationEffect['type']>(type: T): Extract<ConversationEffect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<ConversationEffect, { type: T }> => e.type === type);
  }

  hangup(): Extract<ConversationEffect, { type: 'hangup' }> | undefined {
    return this.of('hangup')[0];
  }

  stateName(): string {
    return this.data.stateName;
  }
}
