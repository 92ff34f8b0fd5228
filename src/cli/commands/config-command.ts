import type { Command } from 'commander';
import { loadConfig, settingsMarkdown } from '../../config/load-config.ts';

export function registerConfigCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('config')
    .description('validate the configuration from the environment, or print the settings table')
    .option('--markdown', 'print the table of every setting (as in the README)')
    .action((opts: { markdown?: boolean }) => {
      if (opts.markdown) {
        process.stdout.write(`${settingsMarkdown()}\n`);
        return;
      }
      const config = loadConfig();
      const redacted = { ...config.raw, RECOLLECT_ESL_PASSWORD: '[secret]', RECOLLECT_API_TOKENS: '[secret]' };
      process.stdout.write(`${JSON.stringify(redacted, null, 2)}\n`);
      setExit(0);
    });
}
