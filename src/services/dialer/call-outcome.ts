import type { ConversationData } from '../../domain/conversation/conversation-types.ts';
import { SCRIPT_ONLY_DISPOSITIONS } from '../../domain/conversation/script-schema.ts';
import { classifyCall, type CallFacts } from '../../domain/dispositions/classify-call.ts';
import { COMPLIANCE_OUTCOME_OF, isDisposition, type ComplianceOutcome, type ConversationDisposition, type Disposition } from '../../domain/dispositions/dispositions.ts';

/** How one call is classified: its disposition, and what the frequency caps count it as. */
export interface CallOutcomeClass {
  readonly disposition: Disposition;
  /** undefined: nothing left the switch (rejected before dialling), so nothing counts. */
  readonly contactOutcome: ComplianceOutcome | undefined;
  readonly reason: string;
}

function conversationDisposition(data: ConversationData | undefined): ConversationDisposition | undefined {
  const d = data?.disposition;
  if (!d) return undefined;
  const mapped = d in SCRIPT_ONLY_DISPOSITIONS ? SCRIPT_ONLY_DISPOSITIONS[d as keyof typeof SCRIPT_ONLY_DISPOSITIONS] : isDisposition(d) ? d : undefined;
  return mapped as ConversationDisposition | undefined;
}

export interface RunnerFacts {
  readonly answered: boolean;
  readonly hangupCause: string;
  readonly machine: boolean;
  readonly abandoned: boolean;
  readonly agentHandled: boolean;
  readonly conversation: ConversationData | undefined;
}

export function classifyRunnerCall(f: RunnerFacts): CallOutcomeClass {
  const conversation = f.agentHandled ? 'right_party_contact' : conversationDisposition(f.conversation);
  const facts: CallFacts = {
    answered: f.answered,
    hangupCause: f.hangupCause,
    amd: f.answered ? (f.machine ? 'machine' : 'human') : 'unknown',
    machineMessageLeft: f.machine && f.conversation?.disposition === 'voicemail_left',
    abandoned: f.abandoned,
    ...(conversation ? { conversation } : {}),
  };
  const c = classifyCall(facts);
  return { disposition: c.disposition, contactOutcome: COMPLIANCE_OUTCOME_OF[c.disposition], reason: c.reason };
}

/** Nothing reached the switch (originate rejected by our own limits or the adapter). */
export const NOT_DIALLED: CallOutcomeClass = { disposition: 'failed', contactOutcome: undefined, reason: 'originate rejected before dialling' };
