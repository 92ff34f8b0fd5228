/**
 * The fixed set of dispositions: what one call attempt came to. Reports, retry rules, account effects and
 * the compliance history all key on these names, so the set only grows (by ADR), never changes meaning.
 * docs/dispositions.md has the table in words.
 */

export const DISPOSITIONS = [
  // A live human, conversation outcomes (the robot's or an agent's).
  'right_party_contact', // the debtor, identified, no more specific outcome
  'promise_to_pay', // with amount and date
  'already_paid',
  'hardship',
  'dispute',
  'refused', // refused to pay
  'cease', // asked us to stop calling (cease communication)
  'attorney', // represented by an attorney
  'bankruptcy',
  'wrong_number', // the number does not reach the debtor
  'third_party', // someone else answered; nothing disclosed
  'callback', // asked to be called back at a time
  'hung_up', // a live person hung up before any outcome
  'abandoned', // a live answer not connected within the grace: heard the abandoned-call message
  // Machines.
  'voicemail_left', // limited-content message left
  'machine_no_message', // machine detected, no message left (no beep, or policy)
  // Not answered.
  'no_answer',
  'busy',
  'rejected', // declined by the callee or their phone (SIP 403/603)
  'failed', // network or system failure; says nothing about the number
  'invalid_number', // the number does not exist / not in service
] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** The outcome vocabulary of the compliance engine's attempt history. */
export const COMPLIANCE_OUTCOMES = ['conversation', 'voicemail', 'no_answer', 'busy', 'failed', 'not_in_service', 'machine'] as const;
export type ComplianceOutcome = (typeof COMPLIANCE_OUTCOMES)[number];

/** Outcomes a conversation (robot or agent) can end with. */
export type ConversationDisposition = Extract<
  Disposition,
  | 'right_party_contact'
  | 'promise_to_pay'
  | 'already_paid'
  | 'hardship'
  | 'dispute'
  | 'refused'
  | 'cease'
  | 'attorney'
  | 'bankruptcy'
  | 'wrong_number'
  | 'third_party'
  | 'callback'
  | 'hung_up'
>;

export const CONVERSATION_DISPOSITIONS: readonly ConversationDisposition[] = [
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
  'hung_up',
];

/**
 * Disposition → compliance history outcome. A live person reached is a `conversation` for every
 * conversation outcome, including wrong number and third party (someone was spoken to on that number).
 * `abandoned` maps to `voicemail`: the person heard a recorded message and spoke to nobody — it is a
 * placed, connected call with a message, not a conversation (ADR 0601).
 */
export const COMPLIANCE_OUTCOME_OF: Readonly<Record<Disposition, ComplianceOutcome>> = {
  right_party_contact: 'conversation',
  promise_to_pay: 'conversation',
  already_paid: 'conversation',
  hardship: 'conversation',
  dispute: 'conversation',
  refused: 'conversation',
  cease: 'conversation',
  attorney: 'conversation',
  bankruptcy: 'conversation',
  wrong_number: 'conversation',
  third_party: 'conversation',
  callback: 'conversation',
  hung_up: 'conversation',
  abandoned: 'voicemail',
  voicemail_left: 'voicemail',
  machine_no_message: 'machine',
  no_answer: 'no_answer',
  rejected: 'no_answer',
  busy: 'busy',
  failed: 'failed',
  invalid_number: 'not_in_service',
};

export const isDisposition = (name: string): name is Disposition => (DISPOSITIONS as readonly string[]).includes(name);

/** Right-party contact: the debtor was identified on the call (counts toward RPC statistics). */
export const RIGHT_PARTY_DISPOSITIONS: ReadonlySet<Disposition> = new Set<Disposition>([
  'right_party_contact',
  'promise_to_pay',
  'already_paid',
  'hardship',
  'dispute',
  'refused',
  'cease',
  'attorney',
  'bankruptcy',
  'callback',
]);
