import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../../bin/recollect.js', import.meta.url));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the real CLI; `onStderr` may act on a line (e.g. send SIGINT). */
function recollect(args: readonly string[], onStderr?: (line: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line) onStderr?.(line, child);
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function labPid(stderr: string): number {
  const m = /lab process (\d+) listening on 127\.0\.0\.1:\d+/.exec(stderr);
  if (!m) throw new Error(`no lab process line in stderr: ${stderr}`);
  return Number(m[1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The child is SIGKILLed synchronously at the bench's exit; give the OS a bounded moment to reap it. */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 50 && alive(pid); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return !alive(pid);
}

// Timing never decides these tests: they check that a tiny run completes, reports every figure, stores
// what it dialled, and never leaves the lab process behind.
describe('recollect bench capacity (real controller, lab in a child process)', () => {
  it('a tiny run prints one JSON object with every figure and stops its lab', async () => {
    const run = await recollect(['bench', 'capacity', '--calls', '3', '--cps', '3', '--seconds', '4', '--hold-seconds', '5', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Record<string, unknown> & {
      callsStarted: number; callsEnded: number; attemptsStored: number; errors: number;
      eventToCommandMs: { samples: number; p50: number | null; p95: number | null; p99: number | null; byEvent: Record<string, unknown> };
      cpu: { msPerCall: number | null }; memory: { heapPerCallKb: number | null };
    };
    expect(report).toMatchObject({ target: { calls: 3, cps: 3, holdSeconds: 5, seconds: 4 }, errors: 0, drainedAll: true });
    expect(typeof report.sustainedConcurrentCalls).toBe('number');
    expect(typeof report.originationsPerSecondOverall).toBe('number');
    expect(report.callsStarted).toBeGreaterThanOrEqual(3);
    // Every call that ended is a stored, closed attempt: the store path is part of the run.
    expect(report.attemptsStored).toBe(report.callsEnded);
    expect(report.callsEnded).toBe(report.callsStarted);
    // Callees answer after 1 s and the robot greets them: at least the answer → greeting pairs are timed.
    expect(report.eventToCommandMs.byEvent).toHaveProperty('call.answered');
    expect(typeof report.eventToCommandMs.p99).toBe('number');
    expect(typeof report.cpu.msPerCall).toBe('number');
    expect(typeof report.memory.heapPerCallKb).toBe('number');
    expect(await gone(labPid(run.stderr))).toBe(true);
  }, 90_000);

  it('SIGINT in the middle of a run kills the lab process', async () => {
    let interrupted = false;
    const run = await recollect(['bench', 'capacity', '--calls', '2', '--cps', '2', '--seconds', '120'], (line, child) => {
      // The first per-second progress line: the lab is up and calls are under way.
      if (!interrupted && /^\d+ s: in flight/.test(line)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    expect(interrupted).toBe(true);
    expect(run.code).toBe(130);
    expect(await gone(labPid(run.stderr))).toBe(true);
  }, 90_000);

  it('bad input is refused with a message naming the option', async () => {
    const run = await recollect(['bench', 'capacity', '--calls', '0']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/--calls must be a number from 1/);
  }, 30_000);
});
