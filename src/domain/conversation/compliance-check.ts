import type { Lang } from '../intents/types.ts';
import type { ScriptIssue } from './script-error.ts';
import type { Disclosure } from './script-schema.ts';
import {
  DEBT_VARIABLES,
  templateVariables,
  type Script,
  type ScriptState,
  type TemplateVariable,
} from './script.ts';

/**
 * The load-time compliance check (../shared/reference/compliance.md, "Disclosure"). It reasons over every
 * path of the script graph, not one sample run, so a branch nobody tested cannot leak the debt:
 *  1. No state reachable before right-party verification may disclose the debt (words, amount/creditor
 *     variables, the mini-Miranda) or act on it (promise actions). Edges keyed `verified`, and transitions
 *     guarded `if: verified`, are the only ways into the verified part of the graph.
 *  2. After verification, no state may disclose the debt before a state that states the mini-Miranda.
 *  3. The live entry state makes the start-of-call disclosures its profiles require (business identity,
 *     AI disclosure, recording notice), and the declared disclosures are backed by their words.
 *  4. Voicemail and abandoned-call messages are limited-content messages (Reg F §1006.2(j)).
 */

const PROFILE_REQUIREMENTS: Record<string, readonly Disclosure[]> = {
  'us-federal': ['business_identity', 'ai_disclosure', 'recording_notice', 'mini_miranda'],
  cn: ['ai_disclosure', 'recording_notice'],
};

/** Words that reveal a debt. Deliberately broad: a false alarm costs an author a rewording, a miss costs a violation. */
const DEBT_WORDS: Record<Lang, RegExp> = {
  en: /\b(debts?|owed?|owes|owing|balance|overdue|past[- ]due|collect\w*|payments?|pay|paid|loans?|credit card|arrears|delinquent)\b/i,
  zh: /欠|债|催收|还款|还钱|逾期|账单|贷款|借款|信用卡|金额|付款|缴费/,
};

/** Words that must back a declared disclosure, so a tag cannot be claimed by a prompt that does not say it. */
const DISCLOSURE_WORDS: Record<Exclude<Disclosure, 'business_identity'>, Record<Lang, RegExp>> = {
  ai_disclosure: { en: /\b(virtual assistant|automated|artificial|AI)\b/i, zh: /智能|人工智能|AI|机器人/ },
  recording_notice: { en: /\brecord/i, zh: /录音/ },
  mini_miranda: { en: /debt collector|collect a debt/i, zh: /催收|债务/ },
};

const LIMITED_CONTENT_REQUIRED: readonly TemplateVariable[] = ['firstName', 'contactName', 'callbackNumber'];

export function checkCompliance(script: Script): ScriptIssue[] {
  const issues: ScriptIssue[] = [];
  const issue = (s: ScriptState | undefined, message: string): void => {
    issues.push({ line: s?.line, path: s ? `states.${s.name}` : 'states', message });
  };
  const required = new Set(script.profiles.flatMap((p) => PROFILE_REQUIREMENTS[p] ?? []));

  const unverified = reachable(script, Object.values(script.entry), { skipVerified: true });
  for (const name of unverified) {
    const s = script.states[name];
    if (!s) continue;
    const leak = disclosure(script, s, true);
    if (leak)
      issue(
        s,
        `discloses the debt before right-party verification (${leak}); reachable by ${pathTo(script, name)}`,
      );
    const act = s.actions.find((a) => 'record_promise' in a || 'capture_promise' in a || 'propose_full' in a);
    if (act) issue(s, `acts on the debt (${Object.keys(act)[0]}) before right-party verification`);
  }

  const miranda = Object.values(script.states).filter((s) => s.discloses.includes('mini_miranda'));
  if (required.has('mini_miranda') && miranda.length === 0) {
    issue(
      undefined,
      `omits the mini-Miranda required by profile ${script.profiles.join(', ')}: no state declares \`discloses: [mini_miranda]\``,
    );
  }
  const verifiedStarts = verifiedTargets(script);
  const beforeMiranda = reachable(script, verifiedStarts, {
    skipVerified: false,
    stopAt: (s) => s.discloses.includes('mini_miranda'),
  });
  for (const name of beforeMiranda) {
    const s = script.states[name];
    if (!s || s.discloses.includes('mini_miranda') || unverified.has(name)) continue;
    const leak = disclosure(script, s, false);
    if (leak && required.has('mini_miranda'))
      issue(s, `discloses the debt (${leak}) after verification but before the mini-Miranda`);
  }

  const live = script.states[script.entry.live];
  for (const d of ['business_identity', 'ai_disclosure', 'recording_notice'] as const) {
    if (required.has(d) && !live?.discloses.includes(d))
      issue(live, `the call must open with the ${d} (profile ${script.profiles.join(', ')})`);
  }
  for (const s of Object.values(script.states)) issues.push(...backedDisclosures(script, s));
  for (const name of limitedContentStates(script))
    issues.push(...limitedContent(script, script.states[name]));
  return issues;
}

interface Edge {
  readonly to: string;
  /** Taken only once identity is verified (keyed `verified`, or guarded `if: verified`). */
  readonly verifiedOnly: boolean;
  /** The identity match itself: the one moment `verified` becomes true. */
  readonly verifies: boolean;
}

function edges(script: Script, s: ScriptState): Edge[] {
  const out: Edge[] = [];
  if (s.next) out.push({ to: s.next, verifiedOnly: false, verifies: false });
  const listening = s.input !== undefined || s.await_agent === true;
  const on = listening ? { ...script.global, ...s.on } : s.on;
  for (const [key, list] of Object.entries(on)) {
    for (const t of list) {
      if (t.goto)
        out.push({
          to: t.goto,
          verifiedOnly: key === 'verified' || t.if.includes('verified'),
          verifies: key === 'verified',
        });
    }
  }
  if (s.input) out.push({ to: script.settings.on_retries_exhausted, verifiedOnly: false, verifies: false });
  return out;
}

function reachable(
  script: Script,
  starts: readonly string[],
  opts: { skipVerified: boolean; stopAt?: (s: ScriptState) => boolean },
): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    const s = script.states[name];
    if (!s || opts.stopAt?.(s)) continue;
    for (const e of edges(script, s)) {
      if ((opts.skipVerified && e.verifiedOnly) || seen.has(e.to)) continue;
      seen.add(e.to);
      queue.push(e.to);
    }
  }
  return seen;
}

/** Where the conversation goes the moment identity is verified; `if: verified` edges from states that can be
 * occupied before it are followed by the walk, so starting from these targets covers every verified path. */
function verifiedTargets(script: Script): string[] {
  return Object.values(script.states).flatMap((s) =>
    edges(script, s)
      .filter((e) => e.verifies)
      .map((e) => e.to),
  );
}

/** A shortest path from the live entry, for the error message ("greeting → ask_for_party → balance"). */
function pathTo(script: Script, target: string): string {
  const prev = new Map<string, string>();
  const queue = Object.values(script.entry);
  const seen = new Set(queue);
  for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
    if (name === target) break;
    const s = script.states[name];
    if (!s) continue;
    for (const e of edges(script, s)) {
      if (e.verifiedOnly || seen.has(e.to)) continue;
      seen.add(e.to);
      prev.set(e.to, name);
      queue.push(e.to);
    }
  }
  const path = [target];
  for (let p = prev.get(target); p !== undefined; p = prev.get(p)) path.unshift(p);
  return path.join(' → ');
}

/** Texts a state can speak: its prompt, re-prompts and replies (its own and, when listening, the global ones). */
function spokenPrompts(script: Script, s: ScriptState, unverified: boolean): string[] {
  const listening = s.input !== undefined || s.await_agent === true;
  const on = listening ? { ...script.global, ...s.on } : s.on;
  // Before verification, replies guarded `if: verified` cannot play.
  const replies = Object.values(on).flatMap((l) =>
    l.filter((t) => !(unverified && t.if.includes('verified'))).map((t) => t.reply),
  );
  const says =
    s.say !== undefined && !(s.say in script.prompts) ? [`${s.say}_dob`, `${s.say}_last4`] : [s.say];
  const keys = [...says, s.no_input, s.no_match, ...replies];
  return keys.filter((k): k is string => k !== undefined);
}

function disclosure(script: Script, s: ScriptState, unverified: boolean): string | undefined {
  if (s.discloses.includes('mini_miranda')) return 'states the mini-Miranda';
  for (const key of spokenPrompts(script, s, unverified)) {
    for (const lang of script.languages) {
      const text = script.prompts[key]?.[lang]?.text ?? '';
      const v = templateVariables(text).find((x) => (DEBT_VARIABLES as readonly string[]).includes(x));
      if (v) return `prompt "${key}" uses {${v}}`;
      const word = DEBT_WORDS[lang].exec(text.replace(/\{[A-Za-z]+\}/g, ''));
      if (word) return `prompt "${key}" (${lang}) says "${word[0]}"`;
    }
  }
  return undefined;
}

function backedDisclosures(script: Script, s: ScriptState): ScriptIssue[] {
  const issues: ScriptIssue[] = [];
  for (const d of s.discloses) {
    for (const lang of script.languages) {
      const text = s.say ? (script.prompts[s.say]?.[lang]?.text ?? '') : '';
      const ok =
        d === 'business_identity' ? text.includes('{companyName}') : DISCLOSURE_WORDS[d][lang].test(text);
      if (!ok)
        issues.push({
          line: s.line,
          path: `states.${s.name}.discloses`,
          message: `declares ${d} but its "${lang}" prompt does not say it`,
        });
    }
  }
  return issues;
}

function limitedContentStates(script: Script): Set<string> {
  const marked = Object.values(script.states)
    .filter((s) => s.actions.some((a) => 'leave_message' in a))
    .map((s) => s.name);
  return new Set([script.entry.machine, script.entry.abandoned, ...marked]);
}

function limitedContent(script: Script, s: ScriptState | undefined): ScriptIssue[] {
  if (!s) return [];
  const issues: ScriptIssue[] = [];
  const at = (message: string): void => void issues.push({ line: s.line, path: `states.${s.name}`, message });
  if (s.input || s.await_agent) at('a limited-content message must not wait for input');
  for (const lang of script.languages) {
    const text = s.say ? (script.prompts[s.say]?.[lang]?.text ?? '') : '';
    const vars = templateVariables(text);
    for (const v of LIMITED_CONTENT_REQUIRED)
      if (!vars.includes(v)) at(`limited-content message (${lang}) must include {${v}}`);
    if (vars.includes('companyName'))
      at(`limited-content message (${lang}) must not name the business (it may reveal collection)`);
    if (s.discloses.includes('mini_miranda')) at('limited-content message must not contain the mini-Miranda');
  }
  return issues;
}
