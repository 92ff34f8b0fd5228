import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The batch command end to end, as compliance staff and the acceptance tests run it. */
const BIN = new URL('../../../bin/recollect.js', import.meta.url).pathname;
const FIXTURE = new URL('../../fixtures/compliance/check-cases.jsonl', import.meta.url).pathname;

interface OutLine {
  id: string | null;
  allowed?: boolean;
  blockedBy?: string[];
  rules?: { rule: string; pass: boolean; detail: string }[];
  nextEligibleAt?: string | null;
  error?: string;
}

function run(args: string[], input?: string): { lines: OutLine[]; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, 'compliance', 'check', ...args], { input, encoding: 'utf8' });
  const lines = r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as OutLine);
  return { lines, stderr: r.stderr, status: r.status };
}

describe('recollect compliance check', () => {
  const { lines, status } = run(['--input', FIXTURE, '--json']);
  const byId = (id: string): OutLine => {
    const line = lines.find((l) => l.id === id);
    if (!line) throw new Error(`no output for ${id}`);
    return line;
  };

  it('writes one line per case, in input order, and keeps going after malformed lines', () => {
    expect(status).toBe(0);
    expect(lines.map((l) => l.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9']);
  });

  it('answers the issue example exactly', () => {
    const c1 = byId('c1');
    expect(c1).toMatchObject({ allowed: false, blockedBy: ['us.window'], nextEligibleAt: '2026-03-08T15:00:00Z' });
    expect(c1.rules?.find((r) => r.rule === 'us.window')).toMatchObject({ pass: false });
    expect(Object.keys(c1)).toEqual(['id', 'allowed', 'blockedBy', 'rules', 'nextEligibleAt']);
  });

  it('an allowed case reports its own instant as next eligible', () => {
    expect(byId('c2')).toMatchObject({ allowed: true, blockedBy: [], nextEligibleAt: '2026-03-08T16:00:00Z' });
  });

  it('malformed lines produce {"id", "error"} naming the problem', () => {
    expect(byId('c3').error).toMatch(/not valid JSON/);
    expect(byId('c4').error).toMatch(/^phone\.type:/);
  });

  it('suppression, cn caps, inferred profile with missing consent, and the quiet period', () => {
    expect(byId('c5')).toMatchObject({ allowed: false, blockedBy: ['suppress.cease'], nextEligibleAt: null });
    expect(byId('c6')).toMatchObject({ allowed: true });
    expect(byId('c7')).toMatchObject({ allowed: false, blockedBy: ['cn.effective3'], nextEligibleAt: '2026-03-11T00:00:00Z' });
    expect(byId('c8')).toMatchObject({ allowed: false, blockedBy: ['tcpa.consent'], nextEligibleAt: null });
    expect(byId('c9')).toMatchObject({ allowed: false, blockedBy: ['regf.quiet'], nextEligibleAt: '2026-03-15T17:00:00Z' });
  });

  it('reads stdin with --input - and prints the per-rule summary on request', () => {
    const r = run(['--input', '-', '--summary'], readFileSync(FIXTURE, 'utf8'));
    expect(r.lines).toHaveLength(9);
    expect(r.stderr).toMatch(/7 case\(s\): 2 callable; blocked: .*1 suppress\.cease/);
    expect(r.stderr).toMatch(/2 malformed/);
  });
});
