/**
 * One pure function from what happened on a call to its disposition. The call runner collects the facts
 * (FreeSWITCH's hangup cause name, whether CHANNEL_ANSWER came, AMD, the conversation's outcome) and asks here.
 */
import type { ConversationDisposition, Disposition } from './dispositions.ts';
import { HANGUP_CAUSES, isHangupCause } from './hangup-causes.ts';

export interface CallFacts {
  /** CHANNEL_ANSWER was seen for the debtor's leg. */
  readonly answered: boolean;
  /** `Hangup-Cause` as FreeSWITCH names it (e.g. USER_BUSY). */
  readonly hangupCause: string;
  /** Answering-machine detection: only meaningful when answered. */
  readonly amd?: 'human' | 'machine' | 'unknown';
  /** A limited-content message was played to a machine after the beep. */
  readonly machineMessageLeft?: boolean;
  /** The live answer was not connected to an agent/robot within the grace. */
  readonly abandoned?: boolean;
  /** The conversation's outcome, when a robot or agent talked with a person. */
  readonly conversation?: ConversationDisposition;
}

export interface Classification {
  readonly disposition: Disposition;
  /** Q.850 / FreeSWITCH cause number; undefined for a name FreeSWITCH does not define. */
  readonly causeCode: number | undefined;
  readonly reason: string;
}

export function classifyCall(facts: CallFacts): Classification {
  const known = isHangupCause(facts.hangupCause);
  const causeCode = known ? HANGUP_CAUSES[facts.hangupCause].code : undefined;
  const result = (disposition: Disposition, reason: string): Classification => ({ disposition, causeCode, reason });
  if (!facts.answered) {
    // A new FreeSWITCH version may add causes: say so, and never guess the number is bad.
    if (!known) return result('failed', `unknown hangup cause ${facts.hangupCause} before answer`);
    const info = HANGUP_CAUSES[facts.hangupCause];
    return result(info.unanswered, `${facts.hangupCause} (${info.code}) before answer`);
  }
  if (facts.amd === 'machine') {
    return facts.machineMessageLeft
      ? result('voicemail_left', 'answering machine, message left')
      : result('machine_no_message', 'answering machine, no message');
  }
  if (facts.abandoned) return result('abandoned', 'live answer not connected within the abandon grace');
  if (facts.conversation) return result(facts.conversation, `conversation outcome ${facts.conversation}`);
  return result('hung_up', `answered, ended by ${facts.hangupCause} before any conversation outcome`);
}
