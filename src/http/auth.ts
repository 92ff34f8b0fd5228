import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Bearer tokens and roles. Tokens come from RECOLLECT_API_TOKENS (`token:role`); the token itself is never
 * stored or logged — the audit actor is a short hash of it, stable across restarts so a log line can be
 * tied to a token by whoever holds the token list.
 *
 * Permission matrix (docs/api.md):
 *   ops        accounts, imports, campaigns (read/write); attempts, promises, explain (read)
 *   agent      the one account it is working (GET /accounts/:accountId while an agent call is live on it)
 *   compliance accounts, campaigns, attempts, promises, explain, audit log (read); recordings and transcripts (read, audited)
 *   admin      everything
 */

export const roles = ['ops', 'agent', 'compliance', 'admin'] as const;
export type Role = (typeof roles)[number];

export type Permission =
  | 'accounts:read'
  | 'accounts:write'
  | 'account:read-one'
  | 'imports:read'
  | 'imports:write'
  | 'campaigns:read'
  | 'campaigns:write'
  | 'attempts:read'
  | 'recordings:read'
  | 'promises:read'
  | 'explain:read'
  | 'audit:read';

export const permissionMatrix: Record<Permission, readonly Role[]> = {
  'accounts:read': ['ops', 'compliance', 'admin'],
  'accounts:write': ['ops', 'admin'],
  'account:read-one': ['ops', 'compliance', 'admin', 'agent'],
  'imports:read': ['ops', 'admin'],
  'imports:write': ['ops', 'admin'],
  'campaigns:read': ['ops', 'compliance', 'admin'],
  'campaigns:write': ['ops', 'admin'],
  'attempts:read': ['ops', 'compliance', 'admin'],
  'recordings:read': ['compliance', 'admin'],
  'promises:read': ['ops', 'compliance', 'admin'],
  'explain:read': ['ops', 'compliance', 'admin'],
  'audit:read': ['compliance', 'admin'],
};

export interface Principal {
  readonly actor: string;
  readonly role: Role;
}

export class AuthError extends Error {
  readonly retryable = false;
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN',
    readonly statusCode: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

export function actorFor(token: string): string {
  return `token:${createHash('sha256').update(token).digest('hex').slice(0, 12)}`;
}

/** Resolves the principal of a request, or throws 401 (no/unknown token) / 403 (role lacks the permission). */
export function authorize(
  header: string | undefined,
  tokens: ReadonlyMap<string, string>,
  permission: Permission,
): Principal {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m?.[1])
    throw new AuthError(
      'UNAUTHENTICATED',
      401,
      'missing or malformed Authorization header: expected "Bearer <token>"',
    );
  const role = tokens.get(m[1]) as Role | undefined;
  if (!role) throw new AuthError('UNAUTHENTICATED', 401, 'unknown API token');
  if (!permissionMatrix[permission].includes(role))
    throw new AuthError('FORBIDDEN', 403, `role ${role} may not ${permission}`);
  return { actor: actorFor(m[1]), role };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AuthError('UNAUTHENTICATED', 401, 'not authenticated');
  return request.principal;
}

export async function sendAuthError(reply: FastifyReply, err: AuthError): Promise<void> {
  await reply.code(err.statusCode).send({
    statusCode: err.statusCode,
    code: err.code,
    error: err.statusCode === 401 ? 'Unauthorized' : 'Forbidden',
    message: err.message,
  });
}
