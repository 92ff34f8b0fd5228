import { Command, CommanderError } from 'commander';
import { registerConfigCommand } from './commands/config-command.ts';
import { registerEslCheckCommand } from './commands/esl-check-command.ts';
import { registerLabCommand } from './commands/lab-command.ts';
import { registerDemoCommand } from './commands/demo-command.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerSimulateCommand } from './commands/simulate-command.ts';
import { registerComplianceCommand } from './commands/compliance-command.ts';
import { registerIntentsCommand } from './commands/intents-command.ts';
import { registerScriptCommand } from './commands/script-command.ts';
import { registerImportCommand } from './commands/import-command.ts';
import { registerServeApiCommand } from './commands/serve-api-command.ts';
import { registerBenchCommand } from './commands/bench-command.ts';

/**
 * The `recollect` command. Each subcommand lives in ./commands and registers itself here; each action
 * builds what it needs from the one loaded config (src/cli is the composition root) and returns an exit code.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command('recollect')
    .description('Recollect: outbound collections dialer with an AI voice robot')
    .exitOverride()
    .showHelpAfterError();
  let exitCode = 0;
  const setExit = (code: number): void => {
    exitCode = code;
  };
  registerConfigCommand(program, setExit);
  registerEslCheckCommand(program, setExit);
  registerLabCommand(program, setExit);
  registerDemoCommand(program, setExit);
  registerServeCommand(program, setExit);
  registerSimulateCommand(program, setExit);
  registerComplianceCommand(program, setExit);
  registerIntentsCommand(program, setExit);
  registerScriptCommand(program, setExit);
  registerImportCommand(program, setExit);
  registerServeApiCommand(program, setExit);
  registerBenchCommand(program, setExit);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    process.stderr.write(`recollect: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
  return exitCode;
}
