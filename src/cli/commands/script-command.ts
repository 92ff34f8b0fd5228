import type { Command } from 'commander';
import {
  loadScriptFile,
  SHIPPED_SCRIPTS,
  shippedScriptPath,
  type ShippedScriptName,
} from '../../adapters/conversation/file-script-loader.ts';
import { ScriptError } from '../../domain/conversation/script-error.ts';

/** `recollect script check [FILE…]`: validates conversation scripts (format and compliance) before a campaign uses them. */
export function registerScriptCommand(program: Command, setExit: (code: number) => void): void {
  const script = program.command('script').description('conversation scripts');
  script
    .command('check')
    .description(
      'validate conversation script files (default: the shipped scripts); exit 1 if any is rejected',
    )
    .argument('[files...]', 'YAML script files, or shipped script names (collections-en, collections-zh)')
    .action(async (files: string[]) => {
      const targets = files.length > 0 ? files : [...SHIPPED_SCRIPTS];
      let failed = 0;
      for (const target of targets) {
        const path = (SHIPPED_SCRIPTS as readonly string[]).includes(target)
          ? shippedScriptPath(target as ShippedScriptName)
          : target;
        try {
          const s = await loadScriptFile(path);
          process.stdout.write(
            `ok ${path}: ${s.name} v${s.version}, ${Object.keys(s.states).length} states, profiles ${s.profiles.join(', ')}\n`,
          );
        } catch (err) {
          failed += 1;
          if (!(err instanceof ScriptError) && !(err instanceof Error && 'code' in err)) throw err;
          process.stdout.write(`rejected ${path}: ${err.message}\n`);
        }
      }
      setExit(failed > 0 ? 1 : 0);
    });
}
