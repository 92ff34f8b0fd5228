/**
 * The lab (FreeSWITCH stand-in) in its own OS process, so that the capacity bench measures the controller's
 * CPU and memory alone and the two do not share one event loop, as with a real FreeSWITCH.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export class BenchLabError extends Error {
  readonly code = 'BENCH_LAB_UNAVAILABLE';
  readonly retryable = false;
}

export interface LabProcess {
  readonly eslPort: number;
  readonly pid: number | undefined;
  /** Ends the child (SIGTERM, then SIGKILL after graceMs) and removes the temporary population file. Idempotent. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last resort for `process.on('exit')` and signals: SIGKILL, no waiting; removes the temp file. */
  killNow(): void;
  /** CPU time the lab process has used so far (Linux /proc); undefined where that cannot be read. */
  cpuMs(): number | undefined;
}

/**
 * utime + stime of a process from /proc/<pid>/stat (fields 14 and 15, in clock ticks). Linux's USER_HZ is
 * 100 on every mainstream architecture, so a tick is 10 ms.
 */
function procCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: split after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : undefined;
  } catch {
    return undefined;
  }
}

export interface LabProcessOptions {
  readonly populationText: string;
  readonly maxSessions: number;
  readonly sps: number;
  /** How long the child may take to listen (tsx compiles the sources on first start: a few seconds). */
  readonly startTimeoutMs?: number;
  /** Called right after the spawn with a synchronous kill, so that a signal during start-up leaves no orphan. */
  readonly onSpawned?: (killNow: () => void) => void;
}

const BIN = fileURLToPath(new URL('../../../bin/recollect.js', import.meta.url));
const PROBE_INTERVAL_MS = 100;

/** A port the OS says is free right now (the child binds it a moment later; a collision fails the start loudly). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function spawnLabProcess(options: LabProcessOptions): Promise<LabProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'recollect-bench-'));
  const populationFile = join(dir, 'population.json');
  writeFileSync(populationFile, options.populationText);
  const eslPort = await freePort();
  const args = [BIN, 'lab', '--esl-port', String(eslPort), '--population', populationFile, '--max-sessions', String(options.maxSessions), '--sps', String(options.sps)];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2000);
  });
  let exited = child.exitCode !== null;
  const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  const cleanupDir = (): void => rmSync(dir, { recursive: true, force: true });
  const killNow = (): void => {
    if (!exited) child.kill('SIGKILL');
    cleanupDir();
  };
  options.onSpawned?.(killNow);
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 3000): Promise<void> => {
    stopping ??= (async () => {
      if (!exited) {
        child.kill('SIGTERM');
        // The lab closes its sockets on SIGTERM; if it does not go within the grace, it is killed.
        const timer = setTimeout(killNow, graceMs);
        await exitedPromise;
        clearTimeout(timer);
      }
      cleanupDir();
    })();
    return stopping;
  };

  const deadline = performance.now() + (options.startTimeoutMs ?? 20_000);
  while (performance.now() < deadline && !exited) {
    if (await portAnswers(eslPort)) return { eslPort, pid: child.pid, stop, killNow, cpuMs: () => procCpuMs(child.pid) };
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  await stop(500);
  throw new BenchLabError(exited ? `lab process exited before listening on 127.0.0.1:${eslPort}: ${stderr.trim() || '(no output)'}` : `lab process did not listen on 127.0.0.1:${eslPort} within ${options.startTimeoutMs ?? 20_000} ms`);
}
