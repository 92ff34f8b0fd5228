import { applyRules, applyVetoes, type PromiseVeto, type RuleVerdict, type SignalRule } from './rule-types.ts';
import type { Intent } from './types.ts';

/**
 * High-precision rules for English (lower-cased text). They carry the costly intents and the precedence of
 * intents.md where the classifier alone would pick the wrong one of two intents an utterance carries.
 */
const RESTRICTION = /\b(at work|at my (job|work|office)|work number|before \d|after \d|before (nine|eight|ten)|on (the )?weekends?|in the (morning|evening)s?|at night|this number,? (call|use)|use my|call my (cell|mobile)|my (cell|mobile) instead|during the day|right now|at the moment|today)\b/;
const EMPLOYER = /\b(company|employer|boss|business|job|work|firm|store|plant|factory)\b[^.]{0,25}\bbankrupt/;

const RULES: readonly SignalRule[] = [
  // A bare one-word answer is unambiguous; the n-gram model has too little text to be confident about it.
  { intent: 'affirm', when: /^\s*(yes|yeah|yep|yup|yes please|sure|correct|right|that'?s (right|correct)|ok(ay)?|uh[- ]?huh|speaking)\s*[.!]*\s*$/ },
  { intent: 'deny', when: /^\s*(no|nope|nah|no it'?s not|that'?s (wrong|not right|incorrect)|incorrect)\s*[.!]*\s*$/ },
  { intent: 'bankruptcy', when: /\b(bankruptcy|chapter (7|13|seven|thirteen)|automatic stay|discharged|filed bankrupt|declared bankrupt|i'?m bankrupt|we'?re bankrupt)\b/, unless: EMPLOYER, unlessMeans: 'hardship' },
  {
    intent: 'attorney_represented',
    when: /\b(talk|speak|speaking|go) (to|with|through) my (lawyer|attorney)|\bthrough my (lawyer|attorney)|\b(have|hired|got|retained|with) (a|an|my) (lawyer|attorney)\b|\bmy (lawyer|attorney)('s| is| will| has| told| said| handles| handling)|\brepresented by|\blegal (representation|representative)|\bretained counsel|\b(contact|call|direct [a-z ]+ to) my (lawyer|attorney|legal)/,
    unless: /\b(i'?ll|i will|i'?m going to|gonna|or i) (call|get|contact|hire|sue)\b|\bbankruptcy (lawyer|attorney)/,
  },
  {
    intent: 'cease_communication',
    when: /\b(stop|quit|cease) (calling|contacting|phoning|ringing|bothering|harassing)\b|\b(don'?t|do not|never) (ever )?(call|contact|phone|ring) (me |us |this number |here )?(ever )?(again|anymore|ever)\b|\bremove (my|this) (number|phone)|\btake (me|my number) off\b|\blose my number\b|\bdo[ -]not[ -]call list\b|\b(revoke|withdraw) (my )?consent\b|\bno more (phone )?calls\b|\bcease (all )?(communication|contact)\b|\bcontact to cease\b|\bcall (me |here )?again and i\b|\bif you call (me |here )?again\b|\bi don'?t want (any more|any|these) calls\b|\bcalls to stop\b|\bnever call me\b|\bleave me alone\b|\bdon'?t want you (calling|contacting)/,
    unless: RESTRICTION,
    unlessMeans: 'callback_request',
  },
  {
    intent: 'dispute',
    when: /\bnot my (debt|loan|account|bill)\b|\bisn'?t my (debt|loan|account)\b|\bnever (borrowed|took out|opened|signed|had an account)\b|\bnever (taken|took|had|got) (out )?(a|any) (loan|credit)|\bidentity (theft|was stolen)|stole my identity|\bin my name\b|\b(send|show|give|mail) me (the |a |some )?(proof|contract|signed contract|agreement|validation|something in writing)|\bvalidation\b|\b(see|get|want|need|show me) (some |the )?proof\b|\bprove (it|that i owe)|\bstatute of limitations\b|\btime[- ]barred\b|\bi dispute\b|\b(balance|amount|number|total)\b[^.]{0,25}\b(is|'s) wrong\b|\bthat'?s wrong\b|\bnot what i owe\b|\bdon'?t recognize (this|that) (debt|account)|\bonly (owe|pay) the principal\b|\bbut not the interest\b|\b(fees?|interest|charges?|penalt\w+)\b[^.]{0,25}\b(illegal|bogus|not legit|aren'?t legit|isn'?t legit|ridiculous|made up|never agreed)|\b(charge|bill|debt|balance) (was|is) (a mistake|an error)|\b(co-?signer|co-?signed|guarantor)\b|\bnot responsible for (that|this)/,
  },
  { intent: 'dispute', when: /\bi (don'?t|do not) owe (that|this|you|anything)/, unless: /\bpaid\b(?![^.]*\bwrong\b)/, unlessMeans: 'already_paid' },
  {
    // A standing restriction is a callback request, never a cease: "don't call me at work".
    intent: 'callback_request',
    when: /\b(don'?t|do not|never|not|stop) (call|calling|ring|phone)( me| here)? (at work|at my (job|work|office)|before|after|on (the )?weekends?|in the (morning|evening)|at night|during)\b|\bnot before \d|\bcall my (cell|mobile|other)|\bbad time\b|\bcan'?t talk\b/,
  },
  {
    intent: 'third_party',
    when: /\b(he|she)('s| is) (not (home|here|in|available|around)|asleep|sleeping|at work|out|busy|in the shower|on vacation|in the hospital)\b|\b(he|she) (just )?(stepped|went) out\b|\b(i'?ll|let me) (go )?(get|grab|find) (him|her)\b|\bhand (him|her) the phone\b|\b(give|tell) (him|her) (the message|you called)\b|\bpassed away\b|\b(he|she) died\b|\bcatch (him|her)\b/,
  },
  {
    intent: 'refuse_to_pay',
    when: /\b(lottery|when pigs fly|hell freezes over|keep dreaming|dream on)\b|\bsue me\b|\btake me to court\b|\bnot (going to|gonna) pay\b|\bnever (going to )?pay\b|\bwon'?t pay\b|\bnot paying\b|\brefuse to pay\b|\bno intention of paying\b|\bwhy would i pay\b|\bnot getting (a|one) (cent|dime|penny)/,
  },
  {
    // Payment-method and due-date questions are out_of_scope (intents.md), however much they sound like money talk.
    intent: 'ask_balance',
    when: /\b(how|where|when) (do|can|should) i (pay|send|make|mail)\b|\bpay (by|with|via|using|online|over the phone|at)\b|\b(accept|take) (cards?|checks?|debit|credit|paypal|venmo|zelle|apple pay|cash)\b|\bdue date\b|\bwhen is (it|this|the payment|my payment) due\b/,
    unless: /\b(how much|balance|owe|total|payoff|amount)\b/,
    blockOnly: true,
  },
  {
    intent: 'request_agent',
    when: /\b(want|need|get me|give me|put|like|speak to|talk to|speak with|talk with|transfer me to|connect me (to|with)) (a |an |to a |to an |the |your )?(real |live |actual )?(person|human|agent|representative|operator|supervisor|manager|boss)\b|\b(talk|speak) (to|with) (someone|somebody)\b|\b(transfer|connect|put) me (to|through)|^\s*(agent|operator|representative|human)[,.]?( please)?\s*$/,
  },
];

/** First-person commitment or concrete offer (intents.md "what counts as a promise"). */
export const PROMISE_SIGNAL_EN = /\b(put me down for|put down|i'?ll (pay|send|do|give|wire|transfer|make a payment|mail|get you)|i will (pay|send|make)|i can (pay|do|send|give|swing|manage)|i could (do|pay|manage|swing)|can i (do|pay) (\\$|\\d|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred)|how about|would \$?\d+|i'?m (going to|gonna) (pay|send))\b/;

const VETOES: readonly PromiseVeto[] = [
  { means: 'refuse_to_pay', when: /\b(lottery|a (million|billion|trillion)|billion|yeah right|when pigs fly|hell freezes over|oh sure|sure buddy|keep dreaming)\b/ },
  { means: 'hardship', when: /\b(can'?t|won'?t be able|unable to|no way i can|not able to|don'?t have|if i had)\b/, commitmentAfterOverrides: true },
  { means: 'hardship', when: /\b(once|if|when|after) i (find|get|land|have) (a |some )?(new |another )?(job|work|money)\b/ },
  { means: 'already_paid', when: /\b(paid|sent|mailed|transferred|made (a|the) payment)\b/, unless: /\b(will|'ll|can|could|going to|gonna|would|when|paid on the|get paid|gets paid)\b/ },
  { means: 'out_of_scope', when: /\bpay (with|by|via|using|online|over the phone)\b|\b(paypal|venmo|zelle|debit card|credit card)\b/, unless: /\$|\d|\b(hundred|thousand|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b/ },
  { means: 'out_of_scope', when: /^\s*(how|where|when) (can|do|should) i\b|\b(i want to|i'?d like to|i should|i need to|i have to|i know i (need|have) to) pay\b(?![^.]*\b\d)/ },
];

export function rulesEn(lower: string): RuleVerdict {
  const { signals, blocked } = applyRules(lower, RULES);
  if (PROMISE_SIGNAL_EN.test(lower) && !vetoPromiseEn(lower)) signals.add('promise_to_pay');
  return { signals, blocked };
}

export function vetoPromiseEn(lower: string): Intent | undefined {
  return applyVetoes(lower, VETOES, PROMISE_SIGNAL_EN);
}
