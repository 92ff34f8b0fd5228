import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadShippedScript } from '../../../src/adapters/conversation/file-script-loader.ts';
import { loadUnderstand } from '../../../src/adapters/intents/load-intent-models.ts';
import type { Script } from '../../../src/domain/conversation/script.ts';
import type { Understand } from '../../../src/domain/intents/types.ts';
import { parsePopulation } from '../../../src/lab/index.ts';
import type { CallJob } from '../../../src/services/dialer/call-job.ts';
import { runCall, type CallRunnerDeps } from '../../../src/services/dialer/call-runner.ts';
import { silentLogger, startDialerStack, type DialerStack } from '../../helpers/dialer-stack.ts';

// Each dialled number is told by the population what the far end does, as a real callee would.
const population = parsePopulation(`
seed: 7
targets:
  - { number: "+12085550101", outcome: busy, failAfterMs: 500 }
  - { number: "+12085550102", outcome: noanswer }
  - { number: "+12085550103", outcome: unreachable }
  - { number: "+12085550104", outcome: invalid }
  - number: "+12085550105"
    answerAfterMs: 1000
    turns:
      - { say: "Yes, this is Maria speaking" }
      - { dtmf: "4321" }
      - { say: "Yes, I can pay the full amount today" }
      - { say: "Yes, that's right" }
  - { number: "+12085550106", answerAfterMs: 1500, answeredBy: machine, beepAfterMs: 5000 }
  - { number: "+12085550107", answerAfterMs: 1000, hangupAfterMs: 2500 }
  - number: "+12085550108"
    answerAfterMs: 1000
    turns:
      - { say: "Yes, speaking" }
      - { dtmf: "4321" }
      - { say: "Stop calling me. I do not want any more calls." }
`);

describe('call lifecycle over the lab (real ESL adapter, TCP)', () => {
  let stack: DialerStack;
  let script: Script;
  let understand: Understand;
  let deps: CallRunnerDeps;

  beforeAll(async () => {
    stack = await startDialerStack(population, { speed: 10 });
    script = await loadShippedScript('collections-en');
    understand = loadUnderstand(['en']);
    deps = {
      media: stack.media, attempts: stack.attempts, hot: stack.hot, clock: stack.clock, logger: silentLogger, understand,
      ttsVoice: 'kal', maxCallMs: 600_000, abandonGraceMs: 2000, abandonedMessage: () => 'Sorry we missed you. Please call 555 0100.',
    };
    await stack.sql.query(`INSERT INTO accounts (account_id, external_id, first_name, last_name, ssn_last4) VALUES ('acc', 'ext', 'Maria', 'Lopez', '4321')`);
    await stack.sql.query(`INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ('debt', 'acc', 'x', 45000, 'USD')`);
  });
  afterAll(async () => stack.close());

  async function call(number: string, extra: Partial<CallJob> = {}) {
    const attemptId = randomUUID();
    let released = false;
    await stack.attempts.createAttempt({ attemptId, campaignId: undefined, accountId: 'acc', debtId: 'debt', phoneId: undefined, numberE164: number, decisionId: undefined, callerId: '15550001111', dialerId: 't', trunk: 'lab', channel: 'robot', createdAt: new Date() });
    await stack.hot.acquireLines([{ key: 'trunk:lab', limit: 10 }], attemptId, 600_000);
    const result = await runCall(deps, {
      attemptId, campaignId: undefined, accountId: 'acc', debtIds: ['debt'], numberE164: number, trunkName: 'lab', callerIdNumber: '15550001111',
      ringTimeoutMs: 20_000, detectMachine: true, channel: 'robot', recordPath: `/tmp/${attemptId}.wav`, script, lang: 'en', timeZone: 'America/Boise',
      account: { accountId: 'acc', firstName: 'Maria', lastName: 'Lopez', amountDue: { value: 450, currency: 'USD' }, dueDate: '2026-03-01', companyName: 'Acme Recovery', contactName: 'Sam Lee', callbackNumber: '800-555-0100', verification: { last4: '4321' } },
      lineScopes: ["trunk:lab"], releaseReservation: () => { released = true; return Promise.resolve(); }, ...extra,
    });
    const [row] = await stack.sql.query<{ status: string; disposition: string; hangup_cause: string | null; contact_outcome: string | null; recording_path: string | null }>(
      `SELECT status, disposition, hangup_cause, contact_outcome, recording_path FROM attempts WHERE attempt_id = $1`, [attemptId]);
    const linesHeld = await stack.hot.linesInUse('trunk:lab');
    return { result, row, released, linesHeld, attemptId };
  }

  it('busy: disposition busy, not counted as a placed call by Reg F, line released', async () => {
    const { row, linesHeld } = await call('+12085550101');
    expect(row).toMatchObject({ status: 'ended', disposition: 'busy', hangup_cause: 'USER_BUSY', contact_outcome: 'busy' });
    expect(linesHeld).toBe(0);
  });

  it('no answer after the ring timeout', async () => {
    const { row } = await call('+12085550102');
    expect(row).toMatchObject({ disposition: 'no_answer', hangup_cause: 'NO_ANSWER', contact_outcome: 'no_answer' });
  });

  it('unreachable: failed with a temporary-failure cause', async () => {
    const { row } = await call('+12085550103');
    expect(row).toMatchObject({ disposition: 'failed', hangup_cause: 'NORMAL_TEMPORARY_FAILURE' });
  });

  it('invalid number: not in service', async () => {
    const { row } = await call('+12085550104');
    expect(row?.contact_outcome).toBe('not_in_service');
  });

  it('right party pays in full: promise stored, transcript kept', async () => {
    const { row, result, attemptId } = await call('+12085550105');
    expect(row?.disposition).toBe('promise_to_pay');
    expect(row?.recording_path).toBe(`/tmp/${attemptId}.wav`); // recorded from answer
    expect(result.promise).toMatchObject({ amountMinor: 45000, currency: 'USD' });
    const turns = await stack.sql.query<{ heard: string | null }>(`SELECT heard FROM transcript_turns WHERE attempt_id = $1 ORDER BY turn_no`, [attemptId]);
    expect(turns.map((t) => t.heard).filter(Boolean)).toContain('Yes, I can pay the full amount today');
  });

  it('answering machine: limited-content voicemail left after the beep', async () => {
    const { row, result } = await call('+12085550106');
    expect(result.machine).toBe(true);
    expect(row).toMatchObject({ disposition: 'voicemail_left', contact_outcome: 'voicemail' });
  });

  it('callee hangs up mid-call: the attempt ends truthfully', async () => {
    const { row, result } = await call('+12085550107');
    expect(result.answered).toBe(true);
    expect(row?.status).toBe('ended');
    expect(row?.hangup_cause).toBe('NORMAL_CLEARING');
  });

  it('cease: the account is suppressed at once', async () => {
    const { row } = await call('+12085550108');
    expect(row?.disposition).toBe('cease');
    const [acc] = await stack.sql.query<{ flags: string[] }>(`SELECT flags FROM accounts WHERE account_id = 'acc'`);
    expect(acc?.flags).toContain('cease');
  });

  it('a trunk that does not exist: nothing dialled, reservation given back', async () => {
    const { row, released } = await call('+12085550105', { trunkName: 'nope' });
    expect(released).toBe(true);
    expect(row).toMatchObject({ status: 'ended', disposition: 'failed', contact_outcome: null });
  });
});
