import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import type { Lang } from '../intents/types.ts';
import { checkCompliance } from './compliance-check.ts';
import { ScriptError, type ScriptIssue } from './script-error.ts';
import { scriptSchema, TRANSITION_KEYS, type Guard, type ScriptDef } from './script-schema.ts';
import {
  TEMPLATE_VARIABLES,
  templateVariables,
  type PromptBody,
  type Script,
  type ScriptState,
  type Transition,
} from './script.ts';

const DEFAULT_LOCALE: Record<Lang, string> = { en: 'en-US', zh: 'zh-CN' };

/**
 * Parses, validates and compliance-checks a script. Throws ScriptError listing every issue with its line;
 * the checks run in order (YAML syntax, format, references, compliance) and stop at the first failing stage,
 * because later stages assume the earlier ones passed.
 */
export function loadScript(yamlText: string): Script {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new ScriptError(
      'script.yaml_syntax',
      doc.errors.map((e) => ({
        line: lineCounter.linePos(e.pos[0]).line,
        path: '',
        message: e.message.split('\n')[0] ?? e.code,
      })),
    );
  }
  const lineOf = (path: readonly (string | number)[]): number | undefined => nodeLine(doc, lineCounter, path);
  const parsed = scriptSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => {
      const path = i.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return { line: lineOf(path), path: path.join('.'), message: i.message };
    });
    throw new ScriptError('script.invalid', issues);
  }
  const def = parsed.data;
  const refIssues = checkReferences(def, lineOf);
  if (refIssues.length > 0) throw new ScriptError('script.invalid', refIssues);
  const script = compile(def, lineOf);
  const complianceIssues = checkCompliance(script);
  if (complianceIssues.length > 0) throw new ScriptError('script.noncompliant', complianceIssues);
  return script;
}

/**
 * Line of the entry at `path` (the line of its key, where an author looks), or of its nearest existing
 * ancestor: a missing key is reported on its parent.
 */
function nodeLine(doc: Document, lc: LineCounter, path: readonly (string | number)[]): number | undefined {
  for (let n = path.length; n > 0; n--) {
    const parent: unknown = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    let node: unknown;
    if (isMap(parent)) node = parent.items.find((p) => isScalar(p.key) && p.key.value === last)?.key;
    else if (isSeq(parent) && typeof last === 'number') node = parent.items[last];
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return lc.linePos(range[0]).line;
  }
  return doc.contents?.range ? lc.linePos(doc.contents.range[0]).line : undefined;
}

type LineOf = (path: readonly (string | number)[]) => number | undefined;

function checkReferences(def: ScriptDef, lineOf: LineOf): ScriptIssue[] {
  const issues: ScriptIssue[] = [];
  const at = (path: (string | number)[], message: string): void => {
    issues.push({ line: lineOf(path), path: path.join('.'), message });
  };
  const stateExists = (name: string | undefined, path: (string | number)[]): void => {
    if (name !== undefined && !(name in def.states)) at(path, `unknown state "${name}"`);
  };
  const promptExists = (key: string | undefined, path: (string | number)[]): void => {
    if (key !== undefined && !(key in def.prompts)) at(path, `unknown prompt "${key}"`);
  };
  for (const [k, name] of Object.entries(def.entry)) stateExists(name, ['entry', k]);
  stateExists(def.settings.on_retries_exhausted, ['settings', 'on_retries_exhausted']);
  for (const key of ['no_input', 'no_match'])
    if (!(key in def.prompts)) at(['prompts'], `needs a default "${key}" re-prompt`);
  for (const [key, body] of Object.entries(def.prompts)) {
    for (const lang of def.languages) {
      const text = body[lang];
      if (text === undefined) at(['prompts', key], `missing the "${lang}" text`);
      const vars = templateVariables(typeof text === 'string' ? text : (text?.text ?? ''));
      for (const v of vars) {
        if (!(TEMPLATE_VARIABLES as readonly string[]).includes(v))
          at(['prompts', key, lang], `unknown variable {${v}}`);
      }
    }
  }
  const checkOn = (on: ScriptDef['global'], base: (string | number)[]): void => {
    for (const [key, t] of Object.entries(on)) {
      if (!TRANSITION_KEYS.includes(key))
        at([...base, key], `"${key}" is neither an intent nor a transition event`);
      const list = Array.isArray(t) ? t : [t];
      list.forEach((one, i) => {
        const p = Array.isArray(t) ? [...base, key, i] : [...base, key];
        if (typeof one === 'string') return stateExists(one, p);
        if (one.goto === undefined && one.reply === undefined) at(p, 'needs `goto` or `reply`');
        stateExists(one.goto, [...p, 'goto']);
        promptExists(one.reply, [...p, 'reply']);
      });
    }
  };
  checkOn(def.global, ['global']);
  for (const [name, s] of Object.entries(def.states)) {
    const base = ['states', name];
    if (s.input?.verify_identity && s.say !== undefined && !(s.say in def.prompts)) {
      // A verification question comes in one variant per configurable check: `<say>_dob`, `<say>_last4`.
      for (const check of ['dob', 'last4']) promptExists(`${s.say}_${check}`, [...base, 'say']);
    } else promptExists(s.say, [...base, 'say']);
    promptExists(s.no_input, [...base, 'no_input']);
    promptExists(s.no_match, [...base, 'no_match']);
    stateExists(s.next, [...base, 'next']);
    checkOn(s.on ?? {}, [...base, 'on']);
    const exits = [s.input, s.next, s.end, s.transfer, s.await_agent].filter(
      (x) => x !== undefined && x !== false,
    ).length;
    if (exits !== 1) at(base, 'needs exactly one of `input`, `next`, `end`, `transfer` or `await_agent`');
    if (s.say === undefined && s.input !== undefined) at(base, 'a listening state needs a `say` prompt');
    // Verification must lead somewhere at once: the engine never lingers in a state as verified.
    if (s.input?.verify_identity && !s.on?.verified)
      at([...base, 'on'], 'an identity check needs an `on.verified` transition');
  }
  return issues;
}

const guards = (g: Guard | Guard[] | undefined): Guard[] =>
  g === undefined ? [] : Array.isArray(g) ? g : [g];

function compile(def: ScriptDef, lineOf: LineOf): Script {
  const norm = (on: ScriptDef['global']): Record<string, Transition[]> =>
    Object.fromEntries(
      Object.entries(on).map(([k, t]) => [
        k,
        (Array.isArray(t) ? t : [t]).map((one) =>
          typeof one === 'string'
            ? { goto: one, if: [], actions: [] }
            : { ...one, if: guards(one.if), actions: one.actions ?? [] },
        ),
      ]),
    );
  const states: Record<string, ScriptState> = {};
  for (const [name, s] of Object.entries(def.states)) {
    states[name] = {
      ...s,
      name,
      discloses: s.discloses ?? [],
      actions: s.actions ?? [],
      on: norm(s.on ?? {}),
      line: lineOf(['states', name]),
    };
  }
  const prompts: Record<string, Partial<Record<Lang, PromptBody>>> = {};
  for (const [key, body] of Object.entries(def.prompts)) {
    prompts[key] = Object.fromEntries(
      Object.entries(body).map(([lang, t]) => [
        lang,
        typeof t === 'string' ? { text: t } : { text: t.text, file: t.file },
      ]),
    );
  }
  return {
    name: def.name,
    version: def.version,
    languages: def.languages,
    locale: { ...DEFAULT_LOCALE, ...def.locale },
    profiles: def.profiles,
    settings: def.settings,
    entry: def.entry,
    prompts,
    global: norm(def.global),
    states,
  };
}
