/**
 * Typed errors of the application services (accounts, imports, campaigns). The HTTP layer maps them by
 * `code` to a status (400, 404, 409); the CSV importer turns a ValidationError into a per-row error.
 */

export interface FieldProblem {
  /** Dotted path of the offending field, e.g. `phones.0.number` or `balance`. */
  readonly field: string;
  readonly message: string;
}

export class ValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';
  readonly retryable = false;
  constructor(readonly problems: readonly FieldProblem[]) {
    super(problems.map((p) => `${p.field}: ${p.message}`).join('; '));
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
  readonly retryable = false;
}

export class ConflictError extends Error {
  readonly retryable = false;
  constructor(
    readonly code: 'CAMPAIGN_TRANSITION_INVALID' | 'CAMPAIGN_NOT_EDITABLE' | 'ACCOUNT_EXISTS',
    message: string,
  ) {
    super(message);
  }
}

/** Turns zod issues into field problems (path joined with dots; the root is named `body`). */
export function problemsFromZod(
  issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string; code?: string }>,
  root = '',
): FieldProblem[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    // zod words a missing field as a type error ("expected string, received undefined"); say what it means.
    const missing = i.code === 'invalid_type' && i.message.endsWith('received undefined');
    return {
      field: [root, path].filter((s) => s !== '').join('.') || '(root)',
      message: missing ? 'is required' : i.message,
    };
  });
}
