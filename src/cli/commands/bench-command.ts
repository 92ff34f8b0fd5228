import type { Command } from 'commander';
import { buildComplianceContext } from '../../adapters/compliance/compliance-context.ts';
import { loadUnderstand } from '../../adapters/intents/load-intent-models.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { loadConfig } from '../../config/load-config.ts';
import { runCapacityBench, validateCapacityOptions, type CapacityOptions } from '../../services/bench/capacity-bench.ts';
import type { CapacityReport } from '../../services/bench/capacity-report.ts';
import { formatCapacity, formatMicro } from '../../services/bench/format-report.ts';
import type { LabProcess } from '../../services/bench/lab-process.ts';
import { runMicroBenches } from '../../services/bench/micro-benches.ts';

interface CapacityCliOptions {
  calls: string;
  cps: string;
  holdSeconds: string;
  seconds: string;
  json?: boolean;
}

function parseCapacity(opts: CapacityCliOptions): CapacityOptions {
  const num = (name: string, raw: string): number => {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new RangeError(`${name} must be a number, got "${raw}"`);
    return n;
  };
  const o = { calls: num('--calls', opts.calls), cps: num('--cps', opts.cps), holdSeconds: num('--hold-seconds', opts.holdSeconds), seconds: num('--seconds', opts.seconds) };
  validateCapacityOptions(o);
  return o;
}

const stderrProgress = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/**
 * Runs the capacity bench with the child lab tied to this process: SIGINT/SIGTERM and any exit kill it.
 * The handlers are removed afterwards so that a later command is not affected.
 */
async function capacityWithCleanup(o: CapacityOptions, progress: ((line: string) => void) | undefined): Promise<CapacityReport> {
  let killLab: (() => void) | undefined;
  const onExit = (): void => killLab?.();
  const onSignal = (signal: NodeJS.Signals): void => {
    killLab?.();
    process.stderr.write(`recollect bench: interrupted (${signal}); lab process killed\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.on('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runCapacityBench(o, {
      logger: createLogger('error'),
      ...(progress ? { onProgress: progress } : {}),
      onLabSpawned: (killNow) => (killLab = killNow),
      onLabStarted: (started: LabProcess) => {
        // Always on stderr (also with --json, whose one object goes to stdout): who to look for if anything lingers.
        stderrProgress(`lab process ${started.pid ?? '?'} listening on 127.0.0.1:${started.eslPort}`);
      },
    });
  } finally {
    process.off('exit', onExit);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function registerBenchCommand(program: Command, setExit: (code: number) => void): void {
  const bench = program.command('bench').description('benchmarks: controller capacity against the lab, and hot-path micro-benchmarks (docs/bench.md)');
  bench
    .command('capacity')
    .description('drive the real controller against the lab (separate process) at N concurrent calls and a CPS limit, on the real clock')
    .option('--calls <n>', 'target concurrent calls', '50')
    .option('--cps <n>', 'originations per second, at most', '10')
    .option('--hold-seconds <s>', 'the callee hangs up after this long unless the robot ended the call first (the scripted conversation takes about 40 s)', '60')
    .option('--seconds <s>', 'how long to run (new calls are started only in this period)', '60')
    .option('--json', 'print one JSON object')
    .action(async (opts: CapacityCliOptions) => {
      const o = parseCapacity(opts);
      const report = await capacityWithCleanup(o, opts.json ? undefined : stderrProgress);
      process.stdout.write(opts.json ? `${JSON.stringify(report)}\n` : `${formatCapacity(report)}\n`);
      setExit(0);
    });
  bench
    .command('all')
    .description('what `npm run bench` runs: a short capacity run plus compliance, intent and pacing-simulator micro-benchmarks')
    .option('--calls <n>', 'target concurrent calls of the capacity run', '50')
    .option('--cps <n>', 'originations per second of the capacity run', '10')
    .option('--hold-seconds <s>', 'callee hold time of the capacity run', '60')
    .option('--seconds <s>', 'length of the capacity run', '30')
    .option('--json', 'print one JSON object {capacity, micro}')
    .action(async (opts: CapacityCliOptions) => {
      const o = parseCapacity(opts);
      const config = loadConfig();
      const micro = runMicroBenches({
        complianceContext: buildComplianceContext({ cnWindowEndMinute: config.raw.RECOLLECT_COMPLIANCE_CN_WINDOW_END_MINUTE }),
        loadUnderstand: () => loadUnderstand(['en', 'zh']),
        budgetMs: 2000,
        simulatedHours: 8,
      });
      if (!opts.json) process.stdout.write(`${formatMicro(micro)}\n`);
      const capacity = await capacityWithCleanup(o, opts.json ? undefined : stderrProgress);
      process.stdout.write(opts.json ? `${JSON.stringify({ capacity, micro })}\n` : `${formatCapacity(capacity)}\n`);
      setExit(0);
    });
}
