import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveBehaviour } from '../../../src/lab/behaviour.ts';
import { LabPopulationError, parsePopulation } from '../../../src/lab/population.ts';
import { seededRng } from '../../../src/lab/rng.ts';

const populations = join(import.meta.dirname, '../../../src/lab/populations');

describe('parsePopulation', () => {
  it('reads the shipped example and demo populations', () => {
    const example = parsePopulation(readFileSync(join(populations, 'example.yaml'), 'utf8'));
    expect(example.targets.length).toBeGreaterThan(5);
    const demo = parsePopulation(readFileSync(join(populations, 'demo-mixed.yaml'), 'utf8'));
    expect(demo.statistics?.liveAnswerProbability).toBe(0.35);
  });

  it('accepts JSON too', () => {
    const p = parsePopulation('{"targets":[{"number":"+1208","outcome":"busy"}]}');
    expect(p.targets[0]?.outcome).toBe('busy');
  });

  it('names the field and line of a bad value', () => {
    const text = 'seed: 1\ntargets:\n  - number: "+1"\n    answerAfterMs: -5\n';
    expect(() => parsePopulation(text)).toThrow(LabPopulationError);
    expect(() => parsePopulation(text)).toThrow(/targets\.0\.answerAfterMs \(line 4\)/);
  });

  it('rejects unknown fields, bad outcomes and ambiguous selectors', () => {
    expect(() => parsePopulation('targets:\n  - { number: "1", answerAfter: 5 }\n')).toThrow(/targets\.0/);
    expect(() => parsePopulation('targets:\n  - { number: "1", outcome: maybe }\n')).toThrow(/targets\.0\.outcome/);
    expect(() => parsePopulation('targets:\n  - { number: "1", prefix: "1" }\n')).toThrow(/exactly one of number, prefix, pattern/);
    expect(() => parsePopulation('targets:\n  - { pattern: "(" }\n')).toThrow(/targets\.0\.pattern/);
    expect(() => parsePopulation('targets: [ {')).toThrow(/not valid YAML/);
  });

  it('matches exact numbers before prefixes, in file order', () => {
    const p = parsePopulation(readFileSync(join(populations, 'example.yaml'), 'utf8'));
    const rng = seededRng(1);
    expect(resolveBehaviour(p, '+12085550130', rng).outcome).toBe('busy');
    expect(resolveBehaviour(p, '+12085550199', rng).turns).toEqual([{ dtmf: '9' }]);
    expect(resolveBehaviour(p, '+4930123', rng)).toMatchObject({ outcome: 'answer', answerAfterMs: 1000, answeredBy: 'human' });
  });
});

describe('statistical population', () => {
  const demo = parsePopulation(readFileSync(join(populations, 'demo-mixed.yaml'), 'utf8'));
  const draw = (seed: number): string[] => {
    const rng = seededRng(seed);
    return Array.from({ length: 4000 }, (_, i) => {
      const b = resolveBehaviour(demo, `+4930${i}`, rng);
      return b.outcome === 'answer' ? b.answeredBy : b.outcome;
    });
  };

  it('is reproducible for a seed', () => {
    expect(draw(5)).toEqual(draw(5));
    expect(draw(5)).not.toEqual(draw(6));
  });

  it('follows the configured shares', () => {
    const outcomes = draw(9);
    const share = (o: string): number => outcomes.filter((x) => x === o).length / outcomes.length;
    const failFast = share('busy') + share('unreachable') + share('invalid');
    expect(failFast).toBeGreaterThan(0.09);
    expect(failFast).toBeLessThan(0.15);
    // answered = (1 - failFast) * liveAnswerProbability = 0.88 * 0.35 ≈ 0.31; a fifth of them machines
    expect(share('human') + share('machine')).toBeGreaterThan(0.27);
    expect(share('human') + share('machine')).toBeLessThan(0.35);
    expect(share('machine') / (share('human') + share('machine'))).toBeGreaterThan(0.14);
    expect(share('machine') / (share('human') + share('machine'))).toBeLessThan(0.26);
  });
});
