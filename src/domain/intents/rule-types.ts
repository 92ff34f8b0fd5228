import type { Intent } from './types.ts';

/**
 * What the high-precision rules say about an utterance: `signals` are intents it certainly carries (they
 * compete with the classifier by precedence); `blocked` are intents it certainly is not, even if the
 * classifier likes them ("stop calling me at work" is not a cease, "my employer went bankrupt" is not a
 * bankruptcy).
 */
export interface RuleVerdict {
  readonly signals: ReadonlySet<Intent>;
  readonly blocked: ReadonlySet<Intent>;
}

/**
 * A rule: a pattern, and an exception that blocks the intent and may turn it into another. A rule with
 * `blockOnly` never asserts its intent; it only excludes it when `when` matches and `unless` does not.
 */
export interface SignalRule {
  readonly intent: Intent;
  readonly when: RegExp;
  readonly unless?: RegExp;
  readonly unlessMeans?: Intent;
  readonly blockOnly?: boolean;
}

export function applyRules(text: string, rules: readonly SignalRule[]): { signals: Set<Intent>; blocked: Set<Intent> } {
  const signals = new Set<Intent>();
  const blocked = new Set<Intent>();
  for (const rule of rules) {
    if (!rule.when.test(text)) continue;
    if (rule.blockOnly) {
      if (!rule.unless?.test(text)) blocked.add(rule.intent);
      continue;
    }
    if (rule.unless?.test(text)) {
      blocked.add(rule.intent);
      if (rule.unlessMeans) signals.add(rule.unlessMeans);
      continue;
    }
    signals.add(rule.intent);
  }
  for (const b of blocked) signals.delete(b);
  return { signals, blocked };
}

/** A veto replaces a predicted promise_to_pay: `when` applies unless `unless` does. */
export interface PromiseVeto {
  readonly means: Intent;
  readonly when: RegExp;
  readonly unless?: RegExp;
  /** A commitment after the match stands ("I can't do 300 but I can do 50 Friday" is a counter-offer). */
  readonly commitmentAfterOverrides?: boolean;
}

export function applyVetoes(text: string, vetoes: readonly PromiseVeto[], commitment: RegExp): Intent | undefined {
  for (const v of vetoes) {
    const m = v.when.exec(text);
    if (!m || v.unless?.test(text)) continue;
    if (v.commitmentAfterOverrides && commitment.test(text.slice(m.index + m[0].length))) continue;
    return v.means;
  }
  return undefined;
}
