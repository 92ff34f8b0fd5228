import type { SqlQueryable, SqlRow } from '../../../ports/sql.ts';
import { iso, num, optIso, optNum, optStr, str } from './row-values.ts';

/**
 * Read-only searches over the durable call record for the API (attempts, promises, transcripts,
 * recordings). The dialer writes these tables; nothing here writes.
 */

export interface AttemptSearch {
  readonly campaignId?: string | undefined;
  readonly accountId?: string | undefined;
  readonly disposition?: string | undefined;
  readonly status?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

function toAttempt(r: SqlRow): Record<string, unknown> {
  return {
    attemptId: str(r['attempt_id']),
    campaignId: optStr(r['campaign_id']),
    accountId: str(r['account_id']),
    debtId: optStr(r['debt_id']),
    phoneId: optStr(r['phone_id']),
    numberE164: str(r['number_e164']),
    decisionId: optStr(r['decision_id']),
    callerId: optStr(r['caller_id']),
    dialerId: optStr(r['dialer_id']),
    fsNode: optStr(r['fs_node']),
    trunk: optStr(r['trunk']),
    channel: str(r['channel']),
    status: str(r['status']),
    createdAt: iso(r['created_at']),
    dialedAt: optIso(r['dialed_at']),
    answeredAt: optIso(r['answered_at']),
    endedAt: optIso(r['ended_at']),
    hangupCause: optStr(r['hangup_cause']),
    q850Code: optNum(r['q850_code']),
    sipStatus: optNum(r['sip_status']),
    amdResult: optStr(r['amd_result']),
    disposition: optStr(r['disposition']),
    contactOutcome: optStr(r['contact_outcome']),
    hasRecording: r['recording_path'] !== null && r['recording_path'] !== undefined,
  };
}

export async function searchAttempts(q: SqlQueryable, s: AttemptSearch): Promise<Record<string, unknown>[]> {
  const rows = await q.query(
    `SELECT * FROM attempts
     WHERE ($1::text IS NULL OR campaign_id = $1) AND ($2::text IS NULL OR account_id = $2)
       AND ($3::text IS NULL OR disposition = $3) AND ($4::text IS NULL OR status = $4)
       AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
     ORDER BY created_at DESC, attempt_id LIMIT $7 OFFSET $8`,
    [
      s.campaignId ?? null,
      s.accountId ?? null,
      s.disposition ?? null,
      s.status ?? null,
      s.from ?? null,
      s.to ?? null,
      s.limit,
      s.offset,
    ],
  );
  return rows.map(toAttempt);
}

export async function getRecording(
  q: SqlQueryable,
  attemptId: string,
): Promise<{ attemptId: string; recordingPath: string | null; recordingMs: number | null } | undefined> {
  const [row] = await q.query(
    'SELECT attempt_id, recording_path, recording_ms FROM attempts WHERE attempt_id = $1',
    [attemptId],
  );
  return row
    ? { attemptId, recordingPath: optStr(row['recording_path']), recordingMs: optNum(row['recording_ms']) }
    : undefined;
}

export async function getTranscript(
  q: SqlQueryable,
  attemptId: string,
): Promise<Record<string, unknown>[] | undefined> {
  const exists = await q.query('SELECT 1 FROM attempts WHERE attempt_id = $1', [attemptId]);
  if (exists.length === 0) return undefined;
  const rows = await q.query('SELECT * FROM transcript_turns WHERE attempt_id = $1 ORDER BY turn_no', [
    attemptId,
  ]);
  return rows.map((r) => ({
    turnNo: num(r['turn_no']),
    occurredAt: iso(r['occurred_at']),
    state: optStr(r['state']),
    prompt: optStr(r['prompt']),
    heard: optStr(r['heard']),
    intent: optStr(r['intent']),
    confidence: optNum(r['confidence']),
    slots: r['slots'],
    transition: optStr(r['transition']),
  }));
}

export interface PromiseSearch {
  readonly accountId?: string | undefined;
  readonly status?: string | undefined;
  readonly dueFrom?: string | undefined;
  readonly dueTo?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export async function searchPromises(q: SqlQueryable, s: PromiseSearch): Promise<Record<string, unknown>[]> {
  const rows = await q.query(
    `SELECT promise_id, account_id, debt_id, attempt_id, amount_minor, currency, due_date::text AS due_date, installments, status, created_at
     FROM promises
     WHERE ($1::text IS NULL OR account_id = $1) AND ($2::text IS NULL OR status = $2)
       AND ($3::date IS NULL OR due_date >= $3) AND ($4::date IS NULL OR due_date <= $4)
     ORDER BY due_date NULLS LAST, created_at, promise_id LIMIT $5 OFFSET $6`,
    [s.accountId ?? null, s.status ?? null, s.dueFrom ?? null, s.dueTo ?? null, s.limit, s.offset],
  );
  return rows.map((r) => ({
    promiseId: str(r['promise_id']),
    accountId: str(r['account_id']),
    debtId: optStr(r['debt_id']),
    attemptId: optStr(r['attempt_id']),
    amountMinor: num(r['amount_minor']),
    currency: str(r['currency']),
    dueDate: optStr(r['due_date']),
    installments: r['installments'] ?? null,
    status: str(r['status']),
    createdAt: iso(r['created_at']),
  }));
}

/** Whether an agent-channel call is live on the account: the default meaning of "the account an agent is working". */
export async function hasLiveAgentAttempt(q: SqlQueryable, accountId: string): Promise<boolean> {
  const rows = await q.query(
    "SELECT 1 FROM attempts WHERE account_id = $1 AND channel = 'agent' AND status <> 'ended' LIMIT 1",
    [accountId],
  );
  return rows.length > 0;
}
