import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, NotFoundError, ValidationError } from '../services/accounts/service-errors.ts';
import { AuthError } from './auth.ts';
import { RequestValidationError } from './route-schema.ts';

/**
 * Typed errors → HTTP, by class and code, never by message text. The body always carries `code` and a
 * `message` a person can act on; validation errors add `problems` (field + message), never the bad value.
 * Unexpected errors are logged by name and code only: database errors can carry row values (PII) in
 * their `detail`, so the error object itself is not logged.
 */
export async function handleError(
  err: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const send = (
    statusCode: number,
    error: string,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ) => reply.code(statusCode).send({ statusCode, error, code, message, ...extra });
  if (err instanceof RequestValidationError || err instanceof ValidationError) {
    return send(400, 'Bad Request', 'VALIDATION_FAILED', err.message, { problems: err.problems });
  }
  if (err instanceof AuthError)
    return send(err.statusCode, err.statusCode === 401 ? 'Unauthorized' : 'Forbidden', err.code, err.message);
  if (err instanceof NotFoundError) return send(404, 'Not Found', err.code, err.message);
  if (err instanceof ConflictError) return send(409, 'Conflict', err.code, err.message);
  const statusCode = (err as FastifyError).statusCode;
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    // Fastify's own client errors: bad JSON (400), unsupported media type (415), body too large (413)…
    return send(
      statusCode,
      STATUS_CODES[statusCode] ?? 'Client Error',
      (err as FastifyError).code ?? 'BAD_REQUEST',
      err.message,
    );
  }
  const code = (err as { code?: unknown }).code;
  request.log.error(
    {
      errName: err.name,
      errCode: typeof code === 'string' ? code : undefined,
      route: request.routeOptions.url,
    },
    'request failed',
  );
  const retryable = (err as { retryable?: unknown }).retryable === true;
  return send(
    retryable ? 503 : 500,
    retryable ? 'Service Unavailable' : 'Internal Server Error',
    typeof code === 'string' ? code : 'INTERNAL',
    'internal error',
  );
}
