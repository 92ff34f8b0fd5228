import { describe, expect, it } from 'vitest';
import { decide } from '../../../src/domain/compliance/decide.ts';
import { parseCaseLine } from '../../../src/domain/compliance/parse-case.ts';
import { aggregateBlocked, aggregateSentence, explainDecision } from '../../../src/domain/compliance/report.ts';
import { at, ctx, usCase } from './helpers.ts';

describe('input contract', () => {
  it.each([
    ['{"id":"x","at":"2026-03-08 13:30"}', /^at: must be an ISO 8601 instant/],
    ['{"id":"x","account":{"blockedWindows":[{"days":["mon"],"start":"9am","end":"17:00"}]}}', /^account\.blockedWindows\.0\.start: must be HH:MM/],
    ['{"id":"x","account":{"blockedWindows":[{"days":["monday"],"start":"09:00","end":"17:00"}]}}', /^account\.blockedWindows\.0\.days\.0:/],
    ['{"id":"x","history":[{"kind":"fax"}]}', /^history\.0\.kind:/],
    ['{"id":"x","phone":{"consent":"yes"}}', /^phone\.consent:/],
    ['[1,2]', /^case:/],
  ])('%s is rejected with an error naming the field', (line, message) => {
    const r = parseCaseLine(line);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  it('keeps the id of a line that is not JSON when it can be read', () => {
    expect(parseCaseLine('{"id": 42, oops')).toMatchObject({ ok: false, caseId: 42 });
  });

  it('an empty object is a valid case: every field missing', () => {
    const r = parseCaseLine('{}');
    expect(r.ok).toBe(true);
    if (r.ok) expect(decide(r.value.complianceCase, at('2026-03-10T18:00:00Z'), ctx()).blockedBy).toEqual(['input.profile']);
  });
});

describe('words and aggregates', () => {
  it('says when waiting will not help', () => {
    const d = decide(usCase({ account: { flags: ['attorney'] } }), at('2026-03-10T18:00:00Z'), ctx());
    const words = explainDecision({ accountId: 'A1', debtId: 'D1', atMs: at('2026-03-10T18:00:00Z') }, d).join('\n');
    expect(words).toMatch(/Blocked by suppress\.attorney: account is flagged "attorney"/);
    expect(words).toMatch(/Waiting will not help/);
  });

  it('counts blocked accounts per rule for operators', () => {
    const t = at('2026-03-10T04:00:00Z'); // 22:00 in Denver: outside the window
    const decisions = [usCase(), usCase(), usCase({ account: { flags: ['cease'] } })].map((c) => decide(c, t, ctx()));
    const agg = aggregateBlocked(decisions);
    expect(agg).toEqual({ total: 3, allowed: 0, byRule: { 'us.window': 3, 'suppress.cease': 1 } });
    expect(aggregateSentence(agg)).toBe('3 case(s): 0 callable; blocked: 3 us.window, 1 suppress.cease');
  });
});
