import type { SqlQueryable } from '../../../ports/sql.ts';
import { iso, str } from './row-values.ts';

/** Who did what: every write through the API and every recording/transcript read. Append-only. */

export interface AuditEntry {
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target?: string | undefined;
  readonly detail?: Readonly<Record<string, unknown>> | undefined;
}

export interface AuditRow extends AuditEntry {
  readonly auditId: string;
  readonly occurredAt: string;
}

export async function writeAudit(q: SqlQueryable, e: AuditEntry): Promise<void> {
  await q.query('INSERT INTO audit_log (actor, role, action, target, detail) VALUES ($1, $2, $3, $4, $5)', [
    e.actor,
    e.role,
    e.action,
    e.target ?? null,
    JSON.stringify(e.detail ?? {}),
  ]);
}

export async function listAudit(
  q: SqlQueryable,
  f: { action?: string | undefined; target?: string | undefined; limit: number },
): Promise<AuditRow[]> {
  const rows = await q.query(
    `SELECT audit_id, occurred_at, actor, role, action, target, detail FROM audit_log
     WHERE ($1::text IS NULL OR action = $1) AND ($2::text IS NULL OR target = $2) ORDER BY audit_id DESC LIMIT $3`,
    [f.action ?? null, f.target ?? null, f.limit],
  );
  return rows.map((r) => ({
    auditId: str(r['audit_id']),
    occurredAt: iso(r['occurred_at']),
    actor: str(r['actor']),
    role: str(r['role']),
    action: str(r['action']),
    target: r['target'] === null ? undefined : str(r['target']),
    detail: r['detail'] as Record<string, unknown>,
  }));
}
