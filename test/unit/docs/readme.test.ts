import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { settingsMarkdown } from '../../../src/config/load-config.ts';
import { parsePopulation } from '../../../src/lab/index.ts';

const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');

describe('README', () => {
  it('lists every setting exactly as the schema defines it', () => {
    expect(readme).toContain(settingsMarkdown());
  });

  it('shows a population file the lab accepts', () => {
    const yaml = readme.split('```yaml')[1]?.split('```')[0] ?? '';
    const population = parsePopulation(yaml);
    expect(population.targets.length).toBeGreaterThan(5);
    expect(population.statistics?.liveAnswerProbability).toBe(0.2);
  });
});
