import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createLogger } from '../../adapters/log/logger.ts';
import { parseScenario } from '../../domain/pacing/sim/scenario.ts';
import { runSimulation } from '../../services/simulate/run-simulation.ts';

interface SimulateOptions {
  scenario: string;
  json?: boolean;
  speed?: string;
}

export function registerSimulateCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('simulate')
    .description('pacing what-if: the real campaign runner and pacer against the lab on a fast clock')
    .requiredOption('--scenario <file>', 'scenario JSON (docs/pacing.md)')
    .option('--json', 'print one JSON object')
    .option('--speed <x>', 'run on the wall clock × x instead of the virtual clock (events run late when the machine is busy)')
    .action(async (opts: SimulateOptions) => {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(opts.scenario, 'utf8'));
      } catch (err) {
        throw new Error(`cannot read scenario ${opts.scenario}: ${(err as Error).message}`);
      }
      const scenario = parseScenario(raw);
      const speed = opts.speed === undefined ? undefined : Number(opts.speed);
      if (speed !== undefined && !(speed > 0)) throw new Error('--speed must be a positive number');
      const logger = createLogger('warn');
      const progress = opts.json ? undefined : (line: string) => process.stderr.write(`${line}\n`);
      const m = await runSimulation(scenario, { logger, ...(speed !== undefined ? { speed } : {}), ...(progress ? { onProgress: progress } : {}) });
      if (opts.json) {
        const { utilization, lineUtilization, abandonment, abandonmentMax30d, dials, liveAnswers, abandoned, agentTalkSeconds, simulatedSeconds } = m;
        process.stdout.write(`${JSON.stringify({ utilization, lineUtilization, abandonment, abandonmentMax30d, dials, liveAnswers, abandoned, agentTalkSeconds, simulatedSeconds })}\n`);
      } else {
        const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
        process.stdout.write(
          [
            `mode ${scenario.mode}, ${scenario.agents} agents, ${scenario.lines} lines, ${scenario.durationHours} h simulated in ${m.realSeconds.toFixed(0)} s (×${m.speed.toFixed(0)}, ${m.clock} clock)`,
            scenario.agents > 0 ? `agent utilisation ${pct(m.utilization)}   line utilisation ${pct(m.lineUtilization)}` : `line utilisation ${pct(m.lineUtilization)} (robot only)`,
            ...(scenario.agents > 0 ? [`agent utilisation by hour: ${m.utilizationByHour.map(pct).join(', ')}`] : []),
            `abandonment ${pct(m.abandonment)} (${m.abandoned} of ${m.liveAnswers} live answers)   max 30-day rate during the run ${pct(m.abandonmentMax30d)}`,
            `dials ${m.dials}   agent talk ${m.agentTalkSeconds.toFixed(0)} s`,
            ...(m.clock === 'scaled'
              ? [`event-loop delay in simulated seconds: p50 ${m.loopDelaySimSeconds.p50.toFixed(2)}, p99 ${m.loopDelaySimSeconds.p99.toFixed(2)}, max ${m.loopDelaySimSeconds.max.toFixed(2)} (near the ${scenario.abandonGraceSeconds} s grace: lower --speed)`]
              : []),
          ].join('\n') + '\n',
        );
      }
      setExit(0);
    });
}
