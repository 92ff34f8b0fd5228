import { describe, expect, it } from 'vitest';
import { callbackDueAt } from '../../../src/services/dialer/call-runner.ts';
import { bucketFor, retryLowerBound, type StrategyBucket } from '../../../src/services/dialer/campaign-runner.ts';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from '../../../src/services/dialer/retry-policy.ts';

const strategy: StrategyBucket[] = [
  { name: 'early', minDaysPastDue: 1, maxDaysPastDue: 30, scriptId: 'collections-en', maxAttempts: 3 },
  { name: 'late', minDaysPastDue: 31, maxAttempts: 8, delayMsByDisposition: { no_answer: 30 * 60_000 } },
];

describe('strategy by overdue stage', () => {
  it('gives each account the bucket of its days past due, and none outside every bucket', () => {
    expect(bucketFor(strategy, 10)?.name).toBe('early');
    expect(bucketFor(strategy, 30)?.name).toBe('early');
    expect(bucketFor(strategy, 31)?.name).toBe('late');
    expect(bucketFor(strategy, 400)?.name).toBe('late');
    expect(bucketFor(strategy, 0)).toBeUndefined();
    expect(bucketFor(undefined, 10)).toBeUndefined();
  });
});

describe('retry delays', () => {
  it('retries busy soon, no answer later, voicemail next day', () => {
    const busy = retryDelayMs(DEFAULT_RETRY_POLICY, 'busy');
    const noAnswer = retryDelayMs(DEFAULT_RETRY_POLICY, 'no_answer');
    const voicemail = retryDelayMs(DEFAULT_RETRY_POLICY, 'voicemail_left');
    expect(busy).toBeLessThan(noAnswer);
    expect(noAnswer).toBeLessThan(voicemail);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, undefined)).toBe(0);
  });
});

describe('the candidate query\'s retry pre-filter', () => {
  it('uses the shortest delay any bucket can give, so it never hides an account that is due', () => {
    const bound = retryLowerBound(DEFAULT_RETRY_POLICY, strategy);
    expect(bound.delayMsByDisposition['no_answer']).toBe(30 * 60_000); // the late bucket retries sooner
    expect(bound.delayMsByDisposition['busy']).toBe(retryDelayMs(DEFAULT_RETRY_POLICY, 'busy'));
    expect(bound.defaultDelayMs).toBe(DEFAULT_RETRY_POLICY.defaultDelayMs);
    const stricter = retryLowerBound(DEFAULT_RETRY_POLICY, [{ name: 'x', minDaysPastDue: 0, maxAttempts: 2, delayMsByDisposition: { busy: 99 * 3600_000, hung_up: 5 * 60_000 } }]);
    expect(stricter.delayMsByDisposition['busy']).toBe(retryDelayMs(DEFAULT_RETRY_POLICY, 'busy'));
    expect(stricter.delayMsByDisposition['hung_up']).toBe(5 * 60_000);
  });
});

describe('callback time the debtor asked for', () => {
  const now = Date.parse('2026-11-24T01:00:00Z');
  it('is read in the debtor zone', () => {
    expect(callbackDueAt('2026-11-24T17:00', 'America/New_York', now).toISOString()).toBe('2026-11-24T22:00:00.000Z');
    expect(callbackDueAt('2026-11-25T15:00', 'Asia/Shanghai', now).toISOString()).toBe('2026-11-25T07:00:00.000Z');
  });
  it('a date alone means 10:00 local; nothing usable means in a day', () => {
    expect(callbackDueAt('2026-11-25', 'America/Chicago', now).toISOString()).toBe('2026-11-25T16:00:00.000Z');
    expect(callbackDueAt(undefined, 'America/Chicago', now).getTime()).toBe(now + 86_400_000);
    expect(callbackDueAt('soon', 'America/Chicago', now).getTime()).toBe(now + 86_400_000);
  });
});
