import type { Permission, Principal } from './auth.ts';

/** What every route declares (checked at startup in build-app.ts) and what the auth hook attaches. */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route; 'public' only for /healthz, /metrics and /openapi.json. */
    permission?: Permission | 'public';
    /** Audit action written to audit_log on success; required on every write route. */
    auditAction?: string;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** What the audited action touched (accountId, campaignId, …), set by the handler. */
    auditTarget: string | null;
    /** Extra audit facts (changed field names, flags before/after, row counts) — never PII values. */
    auditDetail: Record<string, unknown> | null;
  }
}

export {};
