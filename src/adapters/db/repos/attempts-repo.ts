import type { Sql, SqlQueryable } from '../../../ports/sql.ts';

/**
 * Durable attempt records. The call runner writes each step as it happens (reserved → dialing → ringing →
 * answered → ended), so if the process dies mid-call an open row remains for the restart reconciliation
 * to close truthfully. Ending an attempt, its contact event, promise, flags and phone status are one
 * transaction: either the whole outcome is stored or none of it.
 */

export interface NewAttempt {
  readonly attemptId: string;
  readonly campaignId: string | undefined;
  readonly accountId: string;
  readonly debtId: string | undefined;
  readonly phoneId: string | undefined;
  readonly numberE164: string;
  readonly decisionId: string | undefined;
  readonly callerId: string | undefined;
  readonly dialerId: string;
  readonly trunk: string | undefined;
  readonly channel: 'robot' | 'agent';
  /** On the dialer's clock (retry delays and caps are measured on it, not the database server's). */
  readonly createdAt: Date;
}

export interface StoredDecision {
  readonly decisionId: string;
  readonly accountId: string;
  readonly campaignId: string | undefined;
  readonly phoneE164: string | undefined;
  readonly profile: string;
  readonly decidedAt: Date;
  readonly allowed: boolean;
  readonly blockedBy: readonly string[];
  readonly rules: unknown;
  readonly nextEligibleAt: Date | undefined;
}

export interface TranscriptTurn {
  readonly turnNo: number;
  readonly occurredAt: Date;
  readonly state?: string;
  readonly prompt?: string;
  readonly heard?: string;
  readonly intent?: string;
  readonly confidence?: number;
  readonly slots?: unknown;
  readonly transition?: string;
}

export type ContactOutcome = 'conversation' | 'voicemail' | 'no_answer' | 'busy' | 'failed' | 'not_in_service' | 'machine';

export interface AttemptOutcome {
  readonly endedAt: Date;
  readonly disposition: string;
  readonly hangupCause: string | undefined;
  readonly q850Code: number | undefined;
  readonly sipStatus: number | undefined;
  readonly amdResult: string | undefined;
  /** Outcome as the frequency caps count it; undefined when no call left (nothing to count). */
  readonly contactOutcome: ContactOutcome | undefined;
  readonly debtIds: readonly string[];
  readonly recording?: { readonly path: string; readonly durationMs: number | undefined };
  readonly promise?: { readonly promiseId: string; readonly amountMinor: number; readonly currency: string; readonly dueDate: string | undefined; readonly installments?: unknown };
  readonly callback?: { readonly callbackId: string; readonly dueAt: Date };
  readonly accountFlags?: readonly string[];
  readonly phoneStatus?: 'bad' | 'dnc' | 'opted_out';
  readonly detail?: Record<string, unknown>;
}

export interface OpenAttempt {
  readonly attemptId: string;
  readonly accountId: string;
  readonly fsUuid: string | undefined;
  readonly fsNode: string | undefined;
  readonly trunk: string | undefined;
  readonly status: string;
  readonly dialerId: string | undefined;
  readonly numberE164: string;
  readonly answeredAt: Date | undefined;
}

export function createAttemptsRepo(sql: Sql) {
  return {
    async saveDecision(d: StoredDecision, q: SqlQueryable = sql): Promise<void> {
      await q.query(
        `INSERT INTO decisions (decision_id, account_id, campaign_id, phone_e164, profile, decided_at, allowed, blocked_by, rules, next_eligible_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [d.decisionId, d.accountId, d.campaignId ?? null, d.phoneE164 ?? null, d.profile, d.decidedAt, d.allowed, [...d.blockedBy], JSON.stringify(d.rules), d.nextEligibleAt ?? null],
      );
    },

    async createAttempt(a: NewAttempt): Promise<void> {
      await sql.query(
        `INSERT INTO attempts (attempt_id, campaign_id, account_id, debt_id, phone_id, number_e164, decision_id, caller_id, dialer_id, trunk, channel, created_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
        [a.attemptId, a.campaignId ?? null, a.accountId, a.debtId ?? null, a.phoneId ?? null, a.numberE164, a.decisionId ?? null, a.callerId ?? null, a.dialerId, a.trunk ?? null, a.channel, a.createdAt],
      );
    },

    async markDialing(attemptId: string, fsUuid: string, fsNode: string, at: Date): Promise<void> {
      await sql.query(`UPDATE attempts SET status = 'dialing', fs_uuid = $2, fs_node = $3, dialed_at = $4 WHERE attempt_id = $1 AND status <> 'ended'`, [attemptId, fsUuid, fsNode, at]);
    },

    async markRinging(attemptId: string): Promise<void> {
      await sql.query(`UPDATE attempts SET status = 'ringing' WHERE attempt_id = $1 AND status IN ('reserved', 'dialing')`, [attemptId]);
    },

    async markAnswered(attemptId: string, at: Date): Promise<void> {
      await sql.query(`UPDATE attempts SET status = 'answered', answered_at = $2 WHERE attempt_id = $1 AND status <> 'ended'`, [attemptId, at]);
    },

    async setAmdResult(attemptId: string, amdResult: string): Promise<void> {
      await sql.query(`UPDATE attempts SET amd_result = $2 WHERE attempt_id = $1`, [attemptId, amdResult]);
    },

    /** Turns are written as they happen, so a transcript survives a crash mid-conversation. */
    async appendTurn(attemptId: string, t: TranscriptTurn): Promise<void> {
      await sql.query(
        `INSERT INTO transcript_turns (attempt_id, turn_no, occurred_at, state, prompt, heard, intent, confidence, slots, transition)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (attempt_id, turn_no) DO NOTHING`,
        [attemptId, t.turnNo, t.occurredAt, t.state ?? null, t.prompt ?? null, t.heard ?? null, t.intent ?? null, t.confidence ?? null, JSON.stringify(t.slots ?? {}), t.transition ?? null],
      );
    },

    /** Stores the whole outcome at once. Returns false if the attempt was already ended (idempotent). */
    async endAttempt(attemptId: string, o: AttemptOutcome): Promise<boolean> {
      return sql.transaction(async (tx) => {
        const rows = await tx.query<{ account_id: string; number_e164: string; phone_id: string | null; channel: string; debt_id: string | null }>(
          `UPDATE attempts SET status = 'ended', ended_at = $2, disposition = $3, hangup_cause = $4, q850_code = $5, sip_status = $6,
             amd_result = COALESCE($7, amd_result), contact_outcome = $8, recording_path = $9, recording_ms = $10, detail = detail || $11::jsonb
           WHERE attempt_id = $1 AND status <> 'ended'
           RETURNING account_id, number_e164, phone_id, channel, debt_id`,
          [attemptId, o.endedAt, o.disposition, o.hangupCause ?? null, o.q850Code ?? null, o.sipStatus ?? null, o.amdResult ?? null, o.contactOutcome ?? null, o.recording?.path ?? null, o.recording?.durationMs ?? null, JSON.stringify(o.detail ?? {})],
        );
        const row = rows[0];
        if (!row) return false;
        if (o.contactOutcome) {
          await tx.query(
            `INSERT INTO contact_events (contact_id, account_id, debt_ids, phone_e164, occurred_at, kind, outcome, channel, attempt_id)
             VALUES ($1,$2,$3,$4,$5,'call',$6,$7,$1)`,
            [attemptId, row.account_id, [...o.debtIds], row.number_e164, o.endedAt, o.contactOutcome, row.channel],
          );
        }
        if (o.promise) {
          await tx.query(
            `INSERT INTO promises (promise_id, account_id, debt_id, attempt_id, amount_minor, currency, due_date, installments) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
            [o.promise.promiseId, row.account_id, row.debt_id, attemptId, o.promise.amountMinor, o.promise.currency, o.promise.dueDate ?? null, o.promise.installments ? JSON.stringify(o.promise.installments) : null],
          );
        }
        if (o.callback) {
          await tx.query(`INSERT INTO callbacks (callback_id, account_id, attempt_id, due_at) VALUES ($1,$2,$3,$4)`, [o.callback.callbackId, row.account_id, attemptId, o.callback.dueAt]);
        }
        if (o.accountFlags && o.accountFlags.length > 0) {
          await tx.query(
            `UPDATE accounts SET flags = ARRAY(SELECT DISTINCT unnest(flags || $2::text[]) ORDER BY 1), updated_at = now() WHERE account_id = $1`,
            [row.account_id, [...o.accountFlags]],
          );
        }
        if (o.phoneStatus && row.phone_id) {
          await tx.query(`UPDATE phones SET status = $2 WHERE phone_id = $1`, [row.phone_id, o.phoneStatus]);
        }
        return true;
      });
    },

    async listOpenAttempts(dialerId?: string): Promise<OpenAttempt[]> {
      const rows = await sql.query<{ attempt_id: string; account_id: string; fs_uuid: string | null; fs_node: string | null; trunk: string | null; status: string; dialer_id: string | null; number_e164: string; answered_at: Date | null }>(
        `SELECT attempt_id, account_id, fs_uuid, fs_node, trunk, status, dialer_id, number_e164, answered_at FROM attempts
         WHERE status <> 'ended' AND ($1::text IS NULL OR dialer_id = $1) ORDER BY created_at`,
        [dialerId ?? null],
      );
      return rows.map((r) => ({
        attemptId: r.attempt_id,
        accountId: r.account_id,
        fsUuid: r.fs_uuid ?? undefined,
        fsNode: r.fs_node ?? undefined,
        trunk: r.trunk ?? undefined,
        status: r.status,
        dialerId: r.dialer_id ?? undefined,
        numberE164: r.number_e164,
        answeredAt: r.answered_at ? new Date(r.answered_at) : undefined,
      }));
    },
  };
}

export type AttemptsRepo = ReturnType<typeof createAttemptsRepo>;
