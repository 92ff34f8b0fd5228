import type { Registry } from 'prom-client';
import type { Logger } from '../adapters/log/logger.ts';
import type { Config } from '../config/load-config.ts';
import type { Sql } from '../ports/sql.ts';
import type { Principal } from './auth.ts';

/** What the compliance explainer is asked: one stored decision, or "why (not) this account now". */
export interface ExplainRequest {
  readonly decisionId?: string | undefined;
  readonly accountId?: string | undefined;
  readonly campaignId?: string | undefined;
  readonly phoneE164?: string | undefined;
}

/** Provided by the compliance engine; undefined result → 404. */
export type ExplainFn = (request: ExplainRequest) => Promise<unknown>;

/** Everything the API needs, passed in by the composition root (no singletons). */
export interface AppDeps {
  readonly sql: Sql;
  readonly config: Pick<Config, 'apiTokens' | 'trunks'>;
  readonly logger: Logger;
  /** Prometheus registry for /metrics; a fresh one (never prom-client's global) when omitted. */
  readonly registry?: Registry | undefined;
  readonly explain?: ExplainFn | undefined;
  /** The running dialer's live figures for a campaign (lines in use, dial rate…), merged into /stats. */
  readonly liveStats?: ((campaignId: string) => unknown) | undefined;
  /** Whether an agent is working the account now; default: an agent-channel call is live on it. */
  readonly isAgentWorking?: ((principal: Principal, accountId: string) => Promise<boolean>) | undefined;
  /** Largest accepted request body (CSV uploads), bytes. */
  readonly bodyLimitBytes?: number | undefined;
}
