import { describe, expect, it } from 'vitest';
import { classifyCall } from '../../../src/domain/dispositions/classify-call.ts';
import { COMPLIANCE_OUTCOME_OF, COMPLIANCE_OUTCOMES, CONVERSATION_DISPOSITIONS, DISPOSITIONS } from '../../../src/domain/dispositions/dispositions.ts';
import { HANGUP_CAUSES, hangupCauseCode } from '../../../src/domain/dispositions/hangup-causes.ts';
import { accountEffects, DispositionInputError } from '../../../src/domain/dispositions/account-effects.ts';
import { DEFAULT_RETRY_POLICY, nextStep, retryPolicyFrom, RetryPolicyError } from '../../../src/domain/dispositions/retry-policy.ts';

const NOW = Date.UTC(2026, 10, 23, 15, 0);

describe('hangup causes', () => {
  it('carries FreeSWITCH names with their Q.850 / FreeSWITCH numbers', () => {
    expect(hangupCauseCode('NORMAL_CLEARING')).toBe(16);
    expect(hangupCauseCode('USER_BUSY')).toBe(17);
    expect(hangupCauseCode('NO_USER_RESPONSE')).toBe(18);
    expect(hangupCauseCode('NO_ANSWER')).toBe(19);
    expect(hangupCauseCode('SUBSCRIBER_ABSENT')).toBe(20);
    expect(hangupCauseCode('CALL_REJECTED')).toBe(21);
    expect(hangupCauseCode('UNALLOCATED_NUMBER')).toBe(1);
    expect(hangupCauseCode('NO_ROUTE_DESTINATION')).toBe(3);
    expect(hangupCauseCode('NUMBER_CHANGED')).toBe(22);
    expect(hangupCauseCode('DESTINATION_OUT_OF_ORDER')).toBe(27);
    expect(hangupCauseCode('INVALID_NUMBER_FORMAT')).toBe(28);
    expect(hangupCauseCode('NETWORK_OUT_OF_ORDER')).toBe(38);
    expect(hangupCauseCode('NORMAL_TEMPORARY_FAILURE')).toBe(41);
    expect(hangupCauseCode('RECOVERY_ON_TIMER_EXPIRE')).toBe(102);
    expect(hangupCauseCode('ORIGINATOR_CANCEL')).toBe(487);
    expect(hangupCauseCode('GATEWAY_DOWN')).toBe(809);
    expect(hangupCauseCode('NOT_A_CAUSE')).toBeUndefined();
    const codes = Object.values(HANGUP_CAUSES).map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('classifyCall', () => {
  const unanswered = (hangupCause: string) => classifyCall({ answered: false, hangupCause }).disposition;

  it('maps unanswered causes to busy / no answer / rejected / invalid number / failed', () => {
    expect(unanswered('USER_BUSY')).toBe('busy');
    expect(unanswered('NO_ANSWER')).toBe('no_answer');
    expect(unanswered('NO_USER_RESPONSE')).toBe('no_answer');
    expect(unanswered('ORIGINATOR_CANCEL')).toBe('no_answer'); // our ring timeout
    expect(unanswered('SUBSCRIBER_ABSENT')).toBe('no_answer');
    expect(unanswered('CALL_REJECTED')).toBe('rejected');
    expect(unanswered('UNALLOCATED_NUMBER')).toBe('invalid_number');
    expect(unanswered('NUMBER_CHANGED')).toBe('invalid_number');
    expect(unanswered('INVALID_NUMBER_FORMAT')).toBe('invalid_number');
    expect(unanswered('NORMAL_TEMPORARY_FAILURE')).toBe('failed');
    expect(unanswered('RECOVERY_ON_TIMER_EXPIRE')).toBe('failed');
    expect(unanswered('DESTINATION_OUT_OF_ORDER')).toBe('failed');
    expect(unanswered('NETWORK_OUT_OF_ORDER')).toBe('failed');
    // Our own routing failed: never blame the number.
    expect(unanswered('NO_ROUTE_DESTINATION')).toBe('failed');
    expect(unanswered('GATEWAY_DOWN')).toBe('failed');
  });

  it('says so when the cause is unknown, without marking the number bad', () => {
    const c = classifyCall({ answered: false, hangupCause: 'SOMETHING_NEW' });
    expect(c.disposition).toBe('failed');
    expect(c.causeCode).toBeUndefined();
    expect(c.reason).toContain('unknown hangup cause SOMETHING_NEW');
  });

  it('answered calls: machine, abandoned, conversation outcome, or hung up', () => {
    expect(classifyCall({ answered: true, hangupCause: 'NORMAL_CLEARING', amd: 'machine', machineMessageLeft: true }).disposition).toBe('voicemail_left');
    expect(classifyCall({ answered: true, hangupCause: 'NORMAL_CLEARING', amd: 'machine' }).disposition).toBe('machine_no_message');
    expect(classifyCall({ answered: true, hangupCause: 'NORMAL_CLEARING', amd: 'human', abandoned: true }).disposition).toBe('abandoned');
    expect(classifyCall({ answered: true, hangupCause: 'NORMAL_CLEARING', amd: 'human', conversation: 'promise_to_pay' }).disposition).toBe('promise_to_pay');
    expect(classifyCall({ answered: true, hangupCause: 'NORMAL_CLEARING', amd: 'human' }).disposition).toBe('hung_up');
  });
});

describe('compliance outcome vocabulary', () => {
  it('maps every disposition to one of the compliance engine outcomes', () => {
    for (const d of DISPOSITIONS) expect(COMPLIANCE_OUTCOMES).toContain(COMPLIANCE_OUTCOME_OF[d]);
    for (const d of CONVERSATION_DISPOSITIONS) expect(COMPLIANCE_OUTCOME_OF[d]).toBe('conversation');
    expect(COMPLIANCE_OUTCOME_OF.invalid_number).toBe('not_in_service');
    expect(COMPLIANCE_OUTCOME_OF.voicemail_left).toBe('voicemail');
    expect(COMPLIANCE_OUTCOME_OF.machine_no_message).toBe('machine');
    expect(COMPLIANCE_OUTCOME_OF.busy).toBe('busy');
    expect(COMPLIANCE_OUTCOME_OF.no_answer).toBe('no_answer');
    expect(COMPLIANCE_OUTCOME_OF.failed).toBe('failed');
  });
});

describe('account effects', () => {
  it('cease, attorney, bankruptcy and dispute suppress the account at once', () => {
    for (const d of ['cease', 'attorney', 'bankruptcy', 'dispute'] as const) {
      expect(accountEffects(d)).toEqual([{ kind: 'suppress_account', flag: d, reason: expect.any(String) as string }]);
    }
  });

  it('wrong and invalid numbers mark the phone bad; a promise is stored with amount and date', () => {
    expect(accountEffects('wrong_number')[0]).toMatchObject({ kind: 'mark_phone_bad', status: 'wrong_number' });
    expect(accountEffects('invalid_number')[0]).toMatchObject({ kind: 'mark_phone_bad', status: 'invalid' });
    expect(accountEffects('promise_to_pay', { promise: { amount: 150, currency: 'USD', dueDate: '2026-12-01' } })).toEqual([
      { kind: 'store_promise', amount: 150, currency: 'USD', dueDate: '2026-12-01' },
    ]);
    expect(accountEffects('no_answer')).toEqual([]);
  });

  it('rejects a promise or callback without its details, naming the problem', () => {
    expect(() => accountEffects('promise_to_pay')).toThrow(DispositionInputError);
    expect(() => accountEffects('promise_to_pay', { promise: { amount: -5, currency: 'usd', dueDate: 'tomorrow' } })).toThrow(
      /amount must be a positive number.*currency must be an ISO 4217 code.*dueDate must be YYYY-MM-DD/,
    );
    expect(() => accountEffects('callback')).toThrow(/callbackAtMs/);
  });
});

describe('retry policy', () => {
  const once = { attemptsOnPhone: 1, consecutiveSameOutcome: 1 };

  it('busy soon, no answer later, machine next day', () => {
    const busy = nextStep(DEFAULT_RETRY_POLICY, 'busy', once, NOW);
    const noAnswer = nextStep(DEFAULT_RETRY_POLICY, 'no_answer', once, NOW);
    const machine = nextStep(DEFAULT_RETRY_POLICY, 'machine_no_message', once, NOW);
    expect(busy).toMatchObject({ action: 'retry', notBeforeMs: NOW + 15 * 60_000 });
    expect(noAnswer).toMatchObject({ action: 'retry', notBeforeMs: NOW + 4 * 3_600_000 });
    expect(machine).toMatchObject({ action: 'retry', notBeforeMs: NOW + 24 * 3_600_000 });
  });

  it('stops at the attempt limits and moves to the next phone', () => {
    expect(nextStep(DEFAULT_RETRY_POLICY, 'busy', { attemptsOnPhone: 5, consecutiveSameOutcome: 5 }, NOW).action).toBe('next_phone');
    expect(nextStep(DEFAULT_RETRY_POLICY, 'no_answer', { attemptsOnPhone: 15, consecutiveSameOutcome: 1 }, NOW).action).toBe('next_phone');
    expect(nextStep(DEFAULT_RETRY_POLICY, 'wrong_number', once, NOW).action).toBe('next_phone');
    expect(nextStep(DEFAULT_RETRY_POLICY, 'cease', once, NOW).action).toBe('stop');
    expect(nextStep(DEFAULT_RETRY_POLICY, 'callback', once, NOW, NOW + 7_200_000)).toMatchObject({ action: 'retry', notBeforeMs: NOW + 7_200_000 });
  });

  it('takes overrides as configuration and rejects bad ones by name', () => {
    const p = retryPolicyFrom({ rules: { busy: { action: 'retry', delayMinutes: 5, maxAttempts: 2 } } });
    expect(nextStep(p, 'busy', once, NOW)).toMatchObject({ notBeforeMs: NOW + 5 * 60_000 });
    expect(p.rules.no_answer).toEqual(DEFAULT_RETRY_POLICY.rules.no_answer);
    expect(() => retryPolicyFrom({ rules: { bussy: { action: 'stop' } } })).toThrow(RetryPolicyError);
    expect(() => retryPolicyFrom({ rules: { bussy: { action: 'stop' } } })).toThrow(/rules\.bussy: unknown disposition/);
    expect(() => retryPolicyFrom({ rules: { busy: { action: 'retry', delayMinutes: -1, maxAttempts: 0 } } })).toThrow(/rules\.busy/);
  });

  it('has a rule for every disposition', () => {
    for (const d of DISPOSITIONS) expect(DEFAULT_RETRY_POLICY.rules[d]).toBeDefined();
  });
});
