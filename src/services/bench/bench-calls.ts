/**
 * What every bench call is: one debtor (Maria Lopez, $450) who answers after 1 s, passes verification,
 * promises to pay in full and confirms, so each call runs the whole robot conversation (greeting, speech
 * recognition, DTMF, intent classification, promise capture, transcript and outcome written to the store).
 * The conversation takes about 40 s of real time (prompts are spoken at speaking pace by the lab). The callee
 * hangs up after the hold time if the robot has not ended the call first.
 */
import { randomUUID } from 'node:crypto';
import type { AttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import type { Script } from '../../domain/conversation/script.ts';
import type { HotState } from '../../ports/hot-state.ts';
import type { Sql } from '../../ports/sql.ts';
import type { CallJob } from '../dialer/call-job.ts';

export const BENCH_TRUNK = 'bench';
export const BENCH_NUMBER_PREFIX = '+1212555';
const BENCH_ACCOUNT_ID = 'bench-account';
const BENCH_DEBT_ID = 'bench-debt';
const LINE_SCOPE = `trunk:${BENCH_TRUNK}`;
/** Generous line lease: the runner releases it on every exit path; the TTL only guards a crashed process. */
const LINE_TTL_MS = 600_000;

export function benchPopulationText(holdSeconds: number): string {
  return JSON.stringify({
    seed: 1,
    targets: [
      {
        pattern: `^\\${BENCH_NUMBER_PREFIX}`,
        answerAfterMs: 1000,
        hangupAfterMs: Math.round(holdSeconds * 1000),
        turns: [
          { say: 'Yes, this is Maria speaking' },
          { dtmf: '4321' },
          { say: 'Yes, I can pay the full amount today' },
          { say: "Yes, that's right" },
        ],
      },
    ],
  });
}

export async function seedBenchAccount(sql: Sql): Promise<void> {
  await sql.query(`INSERT INTO accounts (account_id, external_id, first_name, last_name, ssn_last4) VALUES ($1, $1, 'Maria', 'Lopez', '4321')`, [BENCH_ACCOUNT_ID]);
  await sql.query(`INSERT INTO debts (debt_id, account_id, external_id, balance_minor, currency) VALUES ($1, $2, $1, 45000, 'USD')`, [BENCH_DEBT_ID, BENCH_ACCOUNT_ID]);
}

export interface BenchJobDeps {
  readonly attempts: AttemptsRepo;
  readonly hot: HotState;
  readonly script: Script;
  readonly lineLimit: number;
}

/**
 * Writes the attempt and takes a line, as the campaign runner does before a call, and returns the job; or
 * undefined when no line is free (the driver then tries again on its next tick).
 */
export async function prepareBenchJob(deps: BenchJobDeps, seq: number, onAnswered: () => void): Promise<CallJob | undefined> {
  const attemptId = randomUUID();
  const numberE164 = `${BENCH_NUMBER_PREFIX}${String(seq % 10_000).padStart(4, '0')}`;
  if (!(await deps.hot.acquireLines([{ key: LINE_SCOPE, limit: deps.lineLimit }], attemptId, LINE_TTL_MS))) return undefined;
  await deps.attempts.createAttempt({
    attemptId, campaignId: undefined, accountId: BENCH_ACCOUNT_ID, debtId: BENCH_DEBT_ID, phoneId: undefined, numberE164,
    decisionId: undefined, callerId: '18005550100', dialerId: 'bench', trunk: BENCH_TRUNK, channel: 'robot', createdAt: new Date(),
  });
  return {
    attemptId, campaignId: undefined, accountId: BENCH_ACCOUNT_ID, debtIds: [BENCH_DEBT_ID], numberE164, trunkName: BENCH_TRUNK,
    callerIdNumber: '18005550100', ringTimeoutMs: 20_000, detectMachine: false, channel: 'robot', recordPath: undefined,
    script: deps.script, lang: 'en', timeZone: 'America/New_York',
    account: {
      accountId: BENCH_ACCOUNT_ID, firstName: 'Maria', lastName: 'Lopez', amountDue: { value: 450, currency: 'USD' }, dueDate: '2026-03-01',
      companyName: 'Acme Recovery', contactName: 'Sam Lee', callbackNumber: '800-555-0100', verification: { last4: '4321' },
    },
    lineScopes: [LINE_SCOPE],
    releaseReservation: () => Promise.resolve(),
    onAnswered,
  };
}
