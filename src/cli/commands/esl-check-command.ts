import type { Command } from 'commander';
import { realClock } from '../../adapters/clock/clocks.ts';
import { createEslMediaControl } from '../../adapters/esl/create-esl-media-control.ts';
import { loadConfig } from '../../config/load-config.ts';
import type { CallEvent } from '../../ports/media-control.ts';

interface Options {
  dial?: string;
  trunk?: string;
  hangupAfterMs?: string;
  connectTimeoutMs: string;
}

/**
 * `recollect esl-check`: connects to every FreeSWITCH node of RECOLLECT_FS_NODES through the real adapter and
 * lists their channels; with `--dial` it places one call and prints its typed events until it ends.
 */
export function registerEslCheckCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('esl-check')
    .description('connect to the configured FreeSWITCH nodes (or the lab) and optionally place one test call')
    .option('--dial <number>', 'place a call to this number and print its events')
    .option('--trunk <name>', 'trunk for --dial (default: the first of RECOLLECT_TRUNKS)')
    .option('--hangup-after-ms <ms>', 'hang up this long after answer (default: wait for the far end)')
    .option('--connect-timeout-ms <ms>', 'give up connecting after this long', '5000')
    .action(async (opts: Options) => {
      const config = loadConfig();
      const media = createEslMediaControl(config, realClock);
      const out = (line: string): void => void process.stdout.write(`${line}\n`);
      try {
        const timeoutMs = Number(opts.connectTimeoutMs);
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`not connected to every node within ${timeoutMs} ms`)),
            timeoutMs,
          );
        });
        await Promise.race([media.start(), timedOut]).finally(() => clearTimeout(timer));
        for (const ch of await media.listChannels())
          out(`channel ${ch.nodeName} ${ch.fsUuid} ${ch.callState}`);
        out(`connected to ${config.esl.nodes.map((n) => n.name).join(', ')}`);
        if (opts.dial) await placeCall(media, opts, config.trunks[0]?.name ?? '', out);
        setExit(0);
      } catch (err) {
        process.stderr.write(`recollect esl-check: ${err instanceof Error ? err.message : String(err)}\n`);
        setExit(1);
      } finally {
        await media.close();
      }
    });
}

async function placeCall(
  media: ReturnType<typeof createEslMediaControl>,
  opts: Options,
  defaultTrunk: string,
  out: (line: string) => void,
): Promise<void> {
  let resolveEnd!: () => void;
  const ended = new Promise<void>((resolve) => (resolveEnd = resolve));
  const hangupAfterMs = opts.hangupAfterMs === undefined ? undefined : Number(opts.hangupAfterMs);
  let fsUuid = '';
  const onEvent = (event: CallEvent): void => {
    out(JSON.stringify(event));
    if (event.type === 'call.answered' && hangupAfterMs !== undefined) {
      setTimeout(() => void media.hangup(fsUuid).catch(() => undefined), hangupAfterMs);
    }
    if (event.type === 'call.hangup') resolveEnd();
  };
  const call = await media.originate(
    {
      destinationNumber: opts.dial!,
      trunkName: opts.trunk ?? defaultTrunk,
      callerIdNumber: '0000000000',
      ringTimeoutMs: 30_000,
    },
    onEvent,
  );
  fsUuid = call.fsUuid;
  out(`originated ${fsUuid} on ${call.nodeName}`);
  await ended;
  call.subscription.dispose();
}
