import { INTENTS } from './types.ts';
import type { EvalReport } from './evaluate.ts';

/** Short column heads for the confusion matrix, in INTENTS order. */
const ABBREV: Readonly<Record<string, string>> = {
  promise_to_pay: 'ptp', already_paid: 'paid', hardship: 'hard', dispute: 'disp', wrong_number: 'wrng',
  third_party: '3rd', callback_request: 'cb', refuse_to_pay: 'rfse', cease_communication: 'ceas',
  attorney_represented: 'atty', bankruptcy: 'bkcy', request_agent: 'agnt', affirm: 'yes', deny: 'no',
  ask_balance: 'bal', ask_who_is_calling: 'who', ask_if_robot: 'bot', out_of_scope: 'oos',
};

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The human-readable evaluation report printed by `recollect intents eval`. */
export function formatEvalReport(r: EvalReport, askAgainBelow: number): string {
  const lines: string[] = [
    `cases: ${r.total}`,
    `accuracy: ${pct(r.accuracy)}`,
    `false-promise rate: ${pct(r.falsePromiseRate)} (predicted promise_to_pay when it was not)`,
    `missed cease rate: ${pct(r.missedCeaseRate)}`,
    `missed dispute rate: ${pct(r.missedDisputeRate)}`,
    `answered at confidence >= ${askAgainBelow}: ${pct(r.acceptedShare)} of cases, ${pct(r.acceptedAccuracy)} correct`,
    `slots exact (${r.slotCases} correctly classified cases with labelled slots): ${pct(r.slotAccuracy)}`,
    '',
    'per intent:          support  precision  recall',
  ];
  for (const [intent, s] of Object.entries(r.perIntent)) {
    lines.push(`  ${intent.padEnd(22)}${String(s.support).padStart(5)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}`);
  }
  const present = INTENTS.filter((i) => r.perIntent[i] !== undefined);
  lines.push('', `confusion (rows = labelled, columns = predicted):`);
  lines.push(`${''.padEnd(6)}${present.map((i) => (ABBREV[i] ?? i).padStart(5)).join('')}`);
  for (const gold of present) {
    const row = r.confusion[gold] ?? {};
    lines.push(`${(ABBREV[gold] ?? gold).padEnd(6)}${present.map((p) => String(row[p] ?? '.').padStart(5)).join('')}`);
  }
  if (r.errors.length > 0) {
    lines.push('', 'misclassified:');
    for (const e of r.errors) lines.push(`  [${e.gold} → ${e.predicted} ${e.confidence}] ${e.text}`);
  }
  if (r.slotErrors.length > 0) {
    lines.push('', 'slot mismatches:');
    for (const e of r.slotErrors) lines.push(`  ${e.text}\n    expected ${JSON.stringify(e.expected)}\n    got      ${JSON.stringify(e.got)}`);
  }
  return lines.join('\n');
}
