import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../../bin/recollect.js', import.meta.url));
const evalEn = fileURLToPath(new URL('../../fixtures/intents/eval-en.jsonl', import.meta.url));
const run = (args: string[], input = '') => spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });

describe('recollect intents', () => {
  it('classify writes one JSON line per utterance, as in the issue', () => {
    const r = run(['intents', 'classify', '--lang', 'en', '--now', '2026-11-23T15:00:00Z', '--tz', 'America/New_York', '--json'], 'I can pay two hundred fifty next Friday\n\nstop calling me\n');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ text: 'I can pay two hundred fifty next Friday', intent: 'promise_to_pay', confidence: expect.any(Number) as unknown, slots: { amount: { value: 250, currency: 'USD' }, date: '2026-11-27' } });
    expect(lines[1]).toMatchObject({ intent: 'cease_communication', slots: {} });
  });

  it('eval prints accuracy, the costly error rates and a confusion matrix', () => {
    const r = run(['intents', 'eval', evalEn, '--now', '2026-11-23T15:00:00Z', '--tz', 'America/New_York']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^accuracy: \d+\.\d%$/m);
    expect(r.stdout).toMatch(/^false-promise rate: /m);
    expect(r.stdout).toMatch(/^missed cease rate: /m);
    expect(r.stdout).toMatch(/^missed dispute rate: /m);
    expect(r.stdout).toContain('confusion (rows = labelled, columns = predicted)');
    const json = run(['intents', 'eval', evalEn, '--json', '--now', '2026-11-23T15:00:00Z', '--tz', 'America/New_York']);
    const report = JSON.parse(json.stdout) as { total: number; accuracy: number };
    expect(report.total).toBeGreaterThan(250);
  });

  it('names the bad argument', () => {
    expect(run(['intents', 'classify', '--lang', 'fr'], 'hi\n').stderr).toMatch(/language must be "en" or "zh"/);
    expect(run(['intents', 'classify', '--lang', 'en', '--tz', 'Mars/Base'], 'hi\n').stderr).toMatch(/unknown IANA time zone: Mars\/Base/);
    expect(run(['intents', 'classify', '--lang', 'en', '--now', 'yesterday'], 'hi\n').stderr).toMatch(/--now: not an ISO date-time/);
  });
});
