import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadScript } from '../../domain/conversation/load-script.ts';
import type { Script } from '../../domain/conversation/script.ts';

/** The scripts shipped with the package, in src/conversation-scripts/<name>.yaml. */
export const SHIPPED_SCRIPTS = ['collections-en', 'collections-zh'] as const;
export type ShippedScriptName = (typeof SHIPPED_SCRIPTS)[number];

export class ScriptFileError extends Error {
  readonly code = 'script.file_unreadable';
  readonly retryable = false;
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    super(
      `cannot read conversation script ${path}: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'ScriptFileError';
  }
}

/** Reads and loads a script file; a ScriptError from loading names the file's lines. */
export async function loadScriptFile(path: string): Promise<Script> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new ScriptFileError(path, err);
  }
  return loadScript(text);
}

export function shippedScriptPath(name: ShippedScriptName): string {
  return fileURLToPath(new URL(`../../conversation-scripts/${name}.yaml`, import.meta.url));
}

export function loadShippedScript(name: ShippedScriptName): Promise<Script> {
  return loadScriptFile(shippedScriptPath(name));
}
