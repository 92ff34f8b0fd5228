/** One problem in a script, with where it is (1-based line when known) and the field path. */
export interface ScriptIssue {
  readonly line?: number;
  readonly path: string;
  readonly message: string;
}

export type ScriptErrorCode = 'script.yaml_syntax' | 'script.invalid' | 'script.noncompliant';

/**
 * A script that cannot be loaded. Never retryable: the same text fails the same way. The message lists
 * every issue as `line N, path: message` so an author can fix them all in one pass.
 */
export class ScriptError extends Error {
  readonly retryable = false;
  constructor(
    readonly code: ScriptErrorCode,
    readonly issues: readonly ScriptIssue[],
  ) {
    super(`${describe(code)}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ScriptError';
  }
}

function describe(code: ScriptErrorCode): string {
  if (code === 'script.yaml_syntax') return 'script is not valid YAML';
  if (code === 'script.invalid') return 'script does not match the format';
  return 'script rejected by the compliance check';
}

export function formatIssue(issue: ScriptIssue): string {
  const where = issue.line === undefined ? '' : `line ${issue.line}, `;
  return `  ${where}${issue.path || '(root)'}: ${issue.message}`;
}
