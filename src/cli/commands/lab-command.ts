import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { realClock, scaledClock } from '../../adapters/clock/clocks.ts';
import { loadConfig } from '../../config/load-config.ts';
import { parsePopulation, startLab, type Population } from '../../lab/index.ts';

interface LabCliOptions {
  eslPort?: string;
  population?: string;
  maxSessions?: string;
  sps?: string;
  password?: string;
  speed?: string;
}

/** `recollect lab`: the FreeSWITCH stand-in on 127.0.0.1 until SIGINT/SIGTERM (docs/lab.md). */
export function registerLabCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('lab')
    .description('run the FreeSWITCH stand-in (ESL on 127.0.0.1) with a simulated population')
    .option('--esl-port <port>', 'ESL port on 127.0.0.1 (RECOLLECT_LAB_ESL_PORT)')
    .option('--population <file>', 'population file, YAML or JSON (default: everyone answers after 1 s)')
    .option('--max-sessions <n>', 'max concurrent sessions (RECOLLECT_LAB_MAX_SESSIONS)')
    .option('--sps <n>', 'sessions per second (RECOLLECT_LAB_SPS)')
    .option('--password <secret>', 'ESL password (RECOLLECT_LAB_PASSWORD)')
    .option('--speed <factor>', 'run the simulated time this many times faster than real time', '1')
    .action(async (opts: LabCliOptions) => {
      const overrides: Record<string, string> = {};
      if (opts.eslPort !== undefined) overrides.RECOLLECT_LAB_ESL_PORT = opts.eslPort;
      if (opts.maxSessions !== undefined) overrides.RECOLLECT_LAB_MAX_SESSIONS = opts.maxSessions;
      if (opts.sps !== undefined) overrides.RECOLLECT_LAB_SPS = opts.sps;
      if (opts.password !== undefined) overrides.RECOLLECT_LAB_PASSWORD = opts.password;
      const config = loadConfig(process.env, overrides);
      const speed = Number(opts.speed ?? '1');
      if (!(speed > 0)) throw new Error(`--speed must be a number > 0, got ${opts.speed}`);
      let population: Population | undefined;
      if (opts.population) population = parsePopulation(readFileSync(opts.population, 'utf8'));
      const lab = await startLab({
        eslPort: config.lab.eslPort,
        password: config.lab.password,
        maxSessions: config.lab.maxSessions,
        sps: config.lab.sps,
        population,
        clock: speed === 1 ? realClock : scaledClock(speed),
      });
      process.stdout.write(`recollect lab: FreeSWITCH 1.10.12 stand-in, ESL on 127.0.0.1:${lab.eslPort}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await lab.close();
      setExit(0);
    });
}
