import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedScript } from '../../../src/adapters/conversation/file-script-loader.ts';
import { loadPacingHistory } from '../../../src/adapters/db/repos/dialer-repo.ts';
import { loadUnderstand } from '../../../src/adapters/intents/load-intent-models.ts';
import { parsePopulation } from '../../../src/lab/index.ts';
import { robotJobFor } from '../../../src/services/dialer/build-plan.ts';
import { CampaignRunner } from '../../../src/services/dialer/campaign-runner.ts';
import type { DialGate } from '../../../src/services/dialer/dial-gate.ts';
import { DEFAULT_RETRY_POLICY } from '../../../src/services/dialer/retry-policy.ts';
import { silentLogger, startDialerStack, type DialerStack } from '../../helpers/dialer-stack.ts';

const HOUR = 3_600_000;
const refuseAll: DialGate = {
  admit: () => Promise.resolve({ decision: { allowed: false, blockedBy: ['test'], rules: [], nextEligibleAtMs: null, profile: 'us' } }),
};

/**
 * The 30-day abandonment rate is the campaign's: a dialer that starts (or takes a campaign over) must count
 * what earlier days and other dialers already did, or it would spend a budget that is not there.
 */
describe('pacing history from the durable record', () => {
  let stack: DialerStack;
  beforeAll(async () => {
    stack = await startDialerStack(parsePopulation('seed: 1'), { speed: 1 });
    const { sql } = stack;
    await sql.query(`INSERT INTO campaigns (campaign_id, name, status, script_id, profile, pacing_mode) VALUES ('hist', 'h', 'running', 'collections-en', 'us', 'predictive')`);
    await sql.query(`INSERT INTO accounts (account_id, external_id, first_name, last_name) VALUES ('acc-h', 'acc-h', 'Pat', 'Doe')`);
    const now = stack.clock.now();
    const rows: Array<[string, number, string, string | null]> = [];
    // Two days ago: 100 live answers, 4 of them abandoned; 10 machines (not live); one open attempt.
    for (let i = 0; i < 100; i++) rows.push([`h-${i}`, now - 48 * HOUR + i * 1000, i < 4 ? 'abandoned' : 'promise_to_pay', 'human']);
    for (let i = 0; i < 10; i++) rows.push([`m-${i}`, now - 47 * HOUR, 'voicemail_left', 'machine']);
    // 31 days ago: outside the window.
    for (let i = 0; i < 50; i++) rows.push([`old-${i}`, now - 31 * 24 * HOUR, 'abandoned', 'human']);
    for (const [id, at, disposition, amd] of rows) {
      await sql.query(
        `INSERT INTO attempts (attempt_id, campaign_id, account_id, number_e164, status, disposition, amd_result, created_at, answered_at, ended_at)
         VALUES ($1, 'hist', 'acc-h', '+12125550100', 'ended', $2, $3, $4, $4, $4)`,
        [id, disposition, amd, new Date(at)],
      );
    }
    await sql.query(`INSERT INTO attempts (attempt_id, campaign_id, account_id, number_e164, status, created_at, answered_at) VALUES ('open-1', 'hist', 'acc-h', '+12125550100', 'answered', $1, $1)`, [new Date(now - HOUR)]);
  });
  afterAll(async () => stack.close());

  it('counts live answers and abandons of the last 30 days per hour, leaving out machines, open and older attempts', async () => {
    const history = await loadPacingHistory(stack.sql, 'hist', stack.clock.now());
    expect(history.reduce((n, h) => n + h.liveAnswers, 0)).toBe(100);
    expect(history.reduce((n, h) => n + h.abandoned, 0)).toBe(4);
  });

  it('a dialer starting the campaign paces against the campaign\'s 30-day rate, not an empty window', async () => {
    const [en, zh] = await Promise.all([loadShippedScript('collections-en'), loadShippedScript('collections-zh')]);
    const company = { companyName: 'Acme', contactName: 'Sam', callbackNumber: '800-555-0100' };
    const runner = new CampaignRunner(
      {
        sql: stack.sql, attempts: stack.attempts, hot: stack.hot, clock: stack.clock, logger: silentLogger, gate: refuseAll, dialerId: 'd1', tickMs: 60_000, leaseTtlMs: 60_000,
        call: { media: stack.media, attempts: stack.attempts, hot: stack.hot, clock: stack.clock, logger: silentLogger, understand: loadUnderstand(['en']), ttsVoice: 'kal', maxCallMs: 600_000, abandonGraceMs: 2000, abandonedMessage: () => 'x' },
      },
      {
        campaignId: 'hist', profile: 'us', channel: 'agent', filter: {}, trunk: { name: 'lab', maxLines: 10, cps: 5 }, node: { name: 'fs1', maxLines: 10 },
        callerIdNumber: '18005550100', ringTimeoutMs: 20_000, detectMachine: false, recordCalls: false, pacing: { mode: 'predictive' }, retry: DEFAULT_RETRY_POLICY,
        jobFor: robotJobFor({ en, zh }, { en: company, zh: company }),
      },
    );
    await runner.tick();
    const reasoning = runner.stats.lastPacing?.reasoning;
    expect(reasoning?.abandonment30d).toBeCloseTo(4 / 100, 9);
    // 3 % of 100 live answers is 3 abandons; 4 were spent: no room for another one (an empty window would say
    // the same now, but would let 3 % of the next answers be abandoned on top of these 4).
    expect(reasoning?.abandonBudget).toBe(0);
    await runner.stop(0);
  });
});
