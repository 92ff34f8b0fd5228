/** Builds the ESL MediaControl from the one loaded config (called by the composition root in src/cli). */
import type { Logger } from 'pino';
import type { Config } from '../../config/load-config.ts';
import type { Clock } from '../../ports/clock.ts';
import { EslMediaControl } from './esl-media-control.ts';

export function createEslMediaControl(config: Config, clock: Clock, log?: Logger): EslMediaControl {
  return new EslMediaControl({
    nodes: config.esl.nodes,
    password: config.esl.password,
    commandTimeoutMs: config.esl.commandTimeoutMs,
    reconnectMaxMs: config.esl.reconnectMaxMs,
    trunks: config.trunks,
    clock,
    log,
  });
}
