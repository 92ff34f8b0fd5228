import type { Intent } from './types.ts';

/**
 * intents.md: when an utterance carries several intents the one that decides the robot's next action
 * wins, compliance signals first. Lower rank wins; ties (wrong_number / third_party, the ask_* group,
 * affirm / deny) keep the classifier's choice.
 */
const RANK: Readonly<Record<Intent, number>> = {
  bankruptcy: 0,
  attorney_represented: 1,
  cease_communication: 2,
  dispute: 3,
  wrong_number: 4,
  third_party: 4,
  promise_to_pay: 5,
  already_paid: 6,
  hardship: 7,
  refuse_to_pay: 8,
  callback_request: 9,
  request_agent: 10,
  ask_if_robot: 11,
  ask_who_is_calling: 11,
  ask_balance: 11,
  affirm: 12,
  deny: 12,
  out_of_scope: 13,
};

export function precedenceRank(intent: Intent): number {
  return RANK[intent];
}

/** The winning intent among candidates; `preferred` (the classifier's top) wins ties. */
export function byPrecedence(candidates: Iterable<Intent>, preferred: Intent): Intent {
  let best = preferred;
  for (const c of candidates) if (RANK[c] < RANK[best]) best = c;
  return best;
}
