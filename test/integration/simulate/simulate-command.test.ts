import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/recollect.js');
const run = promisify(execFile);

function scenarioFile(overrides: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'recollect-sim-'));
  const file = join(dir, 'scenario.json');
  writeFileSync(
    file,
    JSON.stringify({
      mode: 'predictive', agents: 5, lines: 20, targetAbandonment: 0.03, durationHours: 0.5, seed: 3,
      population: { liveAnswerProbability: 0.2, answerDelaySeconds: { uniform: [4, 20] }, failFastShare: 0.25, failFastSeconds: 4, ringOutSeconds: 25 },
      handleTimeSeconds: { gamma: { shape: 2, mean: 180 } }, abandonGraceSeconds: 2,
      ...overrides,
    }),
  );
  return file;
}

/**
 * `recollect simulate` runs the real campaign runner, pacer, ESL adapter and lab on the virtual clock. Figures
 * depend on the run; what is asserted is what holds for every run: the JSON contract, the scenario's period and
 * population, and the definitions of the rates.
 */
describe('recollect simulate --json (real stack on the virtual clock)', () => {
  it('prints one JSON object with the documented fields, over the scenario\'s period and population', async () => {
    const { stdout } = await run(process.execPath, [bin, 'simulate', '--scenario', scenarioFile({}), '--json'], { timeout: 240_000 });
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = JSON.parse(lines[0]!) as Record<string, number>;
    expect(Object.keys(m).sort()).toEqual(
      ['abandoned', 'abandonment', 'abandonmentMax30d', 'agentTalkSeconds', 'dials', 'lineUtilization', 'liveAnswers', 'simulatedSeconds', 'utilization'].sort(),
    );
    expect(m['simulatedSeconds']).toBe(1800);
    expect(m['dials']).toBeGreaterThan(50);
    // p = 0.2 of dials reach a live person (a binomial over ≥ 50 dials stays well inside 0.08–0.35).
    expect(m['liveAnswers']! / m['dials']!).toBeGreaterThan(0.08);
    expect(m['liveAnswers']! / m['dials']!).toBeLessThan(0.35);
    expect(m['abandonment']).toBeCloseTo(m['abandoned']! / m['liveAnswers']!, 10);
    expect(m['utilization']).toBeGreaterThan(0);
    expect(m['utilization']).toBeLessThanOrEqual(1);
    expect(m['agentTalkSeconds']).toBeCloseTo(m['utilization']! * 5 * 1800, 0);
    expect(m['lineUtilization']).toBeGreaterThan(0);
    expect(m['lineUtilization']).toBeLessThanOrEqual(1);
  }, 300_000);

  it('progressive dialling never abandons a call: one call per ready agent', async () => {
    const { stdout } = await run(process.execPath, [bin, 'simulate', '--scenario', scenarioFile({ mode: 'progressive' }), '--json'], { timeout: 240_000 });
    const m = JSON.parse(stdout) as Record<string, number>;
    expect(m['liveAnswers']).toBeGreaterThan(5);
    expect(m['abandoned']).toBe(0);
  }, 300_000);

  it('robot-only (agentless) keeps the lines busy and abandons nobody: the robot greets every answer', async () => {
    const file = scenarioFile({ mode: 'agentless', agents: 0, lines: 10, cps: 5, durationHours: 0.25 });
    const { stdout } = await run(process.execPath, [bin, 'simulate', '--scenario', file, '--json'], { timeout: 240_000 });
    const m = JSON.parse(stdout) as Record<string, number>;
    expect(m['liveAnswers']).toBeGreaterThan(10);
    expect(m['abandoned']).toBe(0);
    expect(m['utilization']).toBe(0);
    expect(m['lineUtilization']).toBeGreaterThanOrEqual(0.9);
    expect(m['lineUtilization']).toBeLessThanOrEqual(1);
  }, 300_000);

  it('names the problem in a bad scenario and exits non-zero', async () => {
    const bad = scenarioFile({ agents: -1 });
    const err = await run(process.execPath, [bin, 'simulate', '--scenario', bad, '--json'], { timeout: 60_000 }).then(
      () => undefined,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).not.toBe(0);
    expect(err?.stderr).toMatch(/agents/);
  }, 120_000);
});
