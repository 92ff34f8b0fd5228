import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveTemplates } from '../../../src/lab/templates/derive-templates.ts';
import { findTemplate } from '../../../src/lab/templates/templates.ts';

describe('lab event templates', () => {
  it('are up to date with the captures (re-run src/lab/templates/build-templates.ts if this fails)', () => {
    const committed: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../../../src/lab/templates/event-templates.json'), 'utf8'));
    expect(deriveTemplates(join(import.meta.dirname, '../../fixtures/esl-captured'))).toEqual(committed);
  });

  it('give the captured header order, and a variant for an application no capture shows', () => {
    const answer = findTemplate('answered-plain', 'o0', 'CHANNEL_ANSWER', 0)!;
    expect(answer.headers.slice(0, 3).map(([n]) => n)).toEqual(['Event-Name', 'Core-UUID', 'FreeSWITCH-Hostname']);
    const exec = findTemplate('answered-plain', 'o0', 'CHANNEL_EXECUTE|set', 0);
    expect(exec?.headers.find(([n]) => n === 'Event-Name')?.[1]).toBe('CHANNEL_EXECUTE');
  });
});
