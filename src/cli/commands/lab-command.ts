import type { Command } from 'commander';

// Placeholder until src/lab lands (issue 2); replaced by the lab helper.
export function registerLabCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('lab')
    .description('run the FreeSWITCH stand-in (ESL on 127.0.0.1) with a simulated population')
    .action(() => {
      process.stderr.write('recollect lab: not built yet\n');
      setExit(2);
    });
}
