import type { ConversationData } from '../../domain/conversation/conversation-types.ts';

/** How one call is classified: its disposition, and what the frequency caps count it as. */
export interface CallOutcomeClass {
  readonly disposition: string;
  /** undefined: nothing reached the dialled number's line in a way that counts (e.g. rejected before dialling). */
  readonly contactOutcome: 'conversation' | 'voicemail' | 'no_answer' | 'busy' | 'failed' | 'not_in_service' | 'machine' | undefined;
}

// TEMPORARY until src/domain/dispositions lands: replaced by its mapping.
export function outcomeForUnansweredCall(cause: string): CallOutcomeClass {
  switch (cause) {
    case 'USER_BUSY':
      return { disposition: 'busy', contactOutcome: 'busy' };
    case 'NO_ANSWER':
    case 'NO_USER_RESPONSE':
    case 'ORIGINATOR_CANCEL':
    case 'PROGRESS_TIMEOUT':
      return { disposition: 'no_answer', contactOutcome: 'no_answer' };
    case 'UNALLOCATED_NUMBER':
    case 'NUMBER_CHANGED':
    case 'INVALID_NUMBER_FORMAT':
    case 'NO_ROUTE_DESTINATION':
      return { disposition: 'invalid_number', contactOutcome: 'not_in_service' };
    default:
      return { disposition: 'failed', contactOutcome: 'failed' };
  }
}

export function outcomeForConversation(data: ConversationData | undefined, machine: boolean): CallOutcomeClass {
  const disposition = data?.disposition ?? (machine ? 'voicemail_left' : 'right_party_contact');
  if (machine || disposition === 'voicemail_left') return { disposition, contactOutcome: 'voicemail' };
  return { disposition, contactOutcome: 'conversation' };
}
