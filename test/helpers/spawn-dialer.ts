import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '../../bin/recollect.js');

/** A `recollect serve` dialer in its own OS process (so it can really die: SIGKILL, no cleanup). */
export interface DialerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  kill(signal: NodeJS.Signals): Promise<number | null>;
}

export function spawnDialer(env: Record<string, string>): DialerProcess {
  let out = '';
  const child = spawn(process.execPath, [bin, 'serve'], { env: { ...process.env, RECOLLECT_LOG_LEVEL: 'warn', RECOLLECT_HTTP_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `check` until it returns a value, at most `timeoutMs` of real time (bounded; never decides a pass). */
export async function waitFor<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
