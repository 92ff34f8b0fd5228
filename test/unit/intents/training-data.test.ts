import { describe, expect, it } from 'vitest';
import { loadTrainingSet, parseLabelledJsonl } from '../../../src/adapters/intents/load-intent-models.ts';
import { INTENTS } from '../../../src/domain/intents/types.ts';

describe('training data', () => {
  it.each(['en', 'zh'] as const)('%s ships with examples of every intent', (lang) => {
    const set = loadTrainingSet(lang);
    for (const intent of INTENTS) expect(set.filter((e) => e.intent === intent).length, intent).toBeGreaterThanOrEqual(8);
  });

  it('rejects a bad line naming the file and line', () => {
    expect(() => parseLabelledJsonl('{"text":"hi","intent":"affirm"}\n{"text":"x","intent":"maybe"}\n', 'set.jsonl')).toThrow('set.jsonl:2: unknown intent "maybe"');
    expect(() => parseLabelledJsonl('{nope\n', 'set.jsonl')).toThrow('set.jsonl:1: not valid JSON');
  });
});
