import { describe, expect, it } from 'vitest';
import { loadScript, ScriptError } from '../../../src/domain/conversation/index.ts';
import { shippedYaml } from './call-driver.ts';

const EN = shippedYaml('collections-en');
const ZH = shippedYaml('collections-zh');

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`test setup: "${from}" not in script`);
  return text.replace(from, to);
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

/** 1-based line of a state's key under `states:`. */
function stateLine(text: string, name: string): number {
  const lines = text.split('\n');
  const states = lines.indexOf('states:');
  return lines.findIndex((l, i) => i > states && l.startsWith(`  ${name}:`)) + 1;
}

function rejection(text: string): ScriptError {
  try {
    loadScript(text);
  } catch (err) {
    if (err instanceof ScriptError) return err;
    throw err;
  }
  throw new Error('script was accepted');
}

describe('loading a script', () => {
  it('accepts both shipped scripts', () => {
    expect(loadScript(EN).name).toBe('collections-en');
    expect(loadScript(ZH).profiles).toEqual(['us-federal', 'cn']);
  });

  describe('compliance check', () => {
    it('rejects a prompt that discloses the amount before right-party verification, naming state, line and reason', () => {
      const bad = edit(
        EN,
        'May I please speak with {fullName}?',
        'May I please speak with {fullName} about {amountDue}?',
      );
      const err = rejection(bad);
      expect(err.code).toBe('script.noncompliant');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain(`line ${stateLine(bad, 'ask_for_party')}, states.ask_for_party:`);
      expect(err.message).toMatch(/before right-party verification.*\{amountDue\}/);
    });

    it('rejects debt words before verification, in Chinese too', () => {
      const bad = edit(ZH, '请问是{fullName}本人吗？', '请问是{fullName}本人吗？关于您的欠款，');
      expect(rejection(bad).message).toMatch(
        /states\.ask_for_party: discloses the debt before right-party verification \(prompt "ask_for_party" \(zh\) says "欠"\)/,
      );
    });

    it('rejects a branch that reaches the balance without verification and shows the path', () => {
      const bad = edit(
        EN,
        '  ask_balance:\n    - { if: verified, reply: balance_reply }\n    - { reply: verify_first }',
        '  ask_balance: balance',
      );
      const err = rejection(bad);
      expect(err.message).toContain('states.balance: discloses the debt before right-party verification');
      expect(err.message).toMatch(
        /reachable by greeting → ask_for_party → (verify_identity|is_party_reachable) → balance/,
      );
    });

    it('rejects a guarded reply only where the guard is missing', () => {
      const bad = edit(
        EN,
        '    - { if: verified, reply: balance_reply }\n    - { reply: verify_first }',
        '    - { reply: balance_reply }',
      );
      const msg = rejection(bad).message;
      // ask_for_party overrides ask_balance (it goes to verification), so only the states inheriting the reply leak.
      expect(msg).toMatch(
        /states\.verify_identity: discloses the debt before right-party verification \(prompt "balance_reply" uses \{amountDue\}\)/,
      );
      expect(msg).not.toContain('states.ask_for_party');
    });

    it('rejects a script without the mini-Miranda its us-federal profile requires', () => {
      const bad = edit(EN, '    discloses: [mini_miranda]\n', '');
      const err = rejection(bad);
      expect(err.message).toContain('omits the mini-Miranda required by profile us-federal');
      expect(err.message).toContain(
        'states.balance: discloses the debt ({amountDue}'.replace(
          '({amountDue}',
          '(prompt "balance" uses {amountDue})',
        ),
      );
    });

    it('does not demand the mini-Miranda from a cn-only script, but still the AI disclosure and recording notice', () => {
      const cnOnly = edit(
        edit(ZH, 'profiles: [us-federal, cn]', 'profiles: [cn]'),
        '    discloses: [mini_miranda]\n',
        '',
      );
      expect(loadScript(cnOnly).profiles).toEqual(['cn']);
      const noAi = edit(
        cnOnly,
        'discloses: [business_identity, ai_disclosure, recording_notice]',
        'discloses: [business_identity, recording_notice]',
      );
      expect(rejection(noAi).message).toContain('the call must open with the ai_disclosure (profile cn)');
    });

    it('rejects a declared disclosure the prompt does not actually say', () => {
      const bad = edit(EN, ', and this call is recorded.', '.');
      expect(rejection(bad).message).toContain(
        'states.greeting.discloses: declares recording_notice but its "en" prompt does not say it',
      );
    });

    it('rejects a voicemail message that names the business or lacks the callback number', () => {
      const bad = edit(
        EN,
        "    en: 'Hello, this message is for {firstName}. Please call {contactName} at {callbackNumber}. Thank you.'",
        "    en: 'Hello, this message is for {firstName} from {companyName}. Please call {contactName}. Thank you.'",
      );
      const msg = rejection(bad).message;
      expect(msg).toContain('states.voicemail: limited-content message (en) must include {callbackNumber}');
      expect(msg).toContain('states.voicemail: limited-content message (en) must not name the business');
    });
  });

  describe('format errors name the line', () => {
    it('reports a YAML syntax error with its line', () => {
      const bad = edit(EN, 'version: 1\n', 'version: 1\nlanguages: [en\n');
      const err = rejection(bad);
      expect(err.code).toBe('script.yaml_syntax');
      expect(err.message).toMatch(
        new RegExp(`line (${lineOf(bad, 'languages: [en')}|${lineOf(bad, 'languages: [en') + 1})`),
      );
    });

    it('reports a wrong field type with its line and path', () => {
      const bad = edit(EN, '  max_retries: 2 ', '  max_retries: lots ');
      const err = rejection(bad);
      expect(err.code).toBe('script.invalid');
      expect(err.message).toContain(`line ${lineOf(bad, 'max_retries: lots')}, settings.max_retries:`);
    });

    it('reports an unknown target state and an unknown intent at their lines', () => {
      const bad = edit(
        EN,
        '      affirm: verify_identity\n      deny: is_party_reachable',
        '      affirm: verify_idnetity\n      agree: is_party_reachable',
      );
      const msg = rejection(bad).message;
      expect(msg).toContain(
        `line ${lineOf(bad, 'affirm: verify_idnetity')}, states.ask_for_party.on.affirm: unknown state "verify_idnetity"`,
      );
      expect(msg).toContain(
        `line ${lineOf(bad, 'agree: is_party')}, states.ask_for_party.on.agree: "agree" is neither an intent nor a transition event`,
      );
    });

    it('reports an unknown template variable and an unknown field', () => {
      const bad = edit(
        edit(EN, 'Can {firstName} be reached', 'Can {firstname} be reached'),
        '    next: ask_for_party',
        '    next: ask_for_party\n    nxet: balance',
      );
      const msg = rejection(bad).message;
      expect(msg).toContain(`line ${stateLine(bad, 'greeting')}, states.greeting: Unrecognized key: "nxet"`);
      const msg2 = rejection(edit(EN, 'Can {firstName} be reached', 'Can {firstname} be reached')).message;
      expect(msg2).toContain('prompts.is_party_reachable.en: unknown variable {firstname}');
    });

    it('rejects a script with the wrong format version', () => {
      expect(
        rejection(edit(EN, 'format: recollect.conversation/v1', 'format: recollect.conversation/v2')).message,
      ).toContain('line 3, format:');
    });
  });
});
