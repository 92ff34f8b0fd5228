import { scaledClock } from '../../src/adapters/clock/clocks.ts';
import { openPgliteSql } from '../../src/adapters/db/pglite-sql.ts';
import { migrate } from '../../src/adapters/db/migrate.ts';
import { createAttemptsRepo, type AttemptsRepo } from '../../src/adapters/db/repos/attempts-repo.ts';
import { EslMediaControl } from '../../src/adapters/esl/esl-media-control.ts';
import { createLogger } from '../../src/adapters/log/logger.ts';
import { createMemoryHotState } from '../../src/adapters/memory/memory-hot-state.ts';
import { startLab, type Lab, type Population } from '../../src/lab/index.ts';
import type { Clock } from '../../src/ports/clock.ts';
import type { HotState } from '../../src/ports/hot-state.ts';
import type { Sql } from '../../src/ports/sql.ts';

export interface DialerStack {
  readonly lab: Lab;
  readonly media: EslMediaControl;
  readonly sql: Sql;
  readonly attempts: AttemptsRepo;
  readonly hot: HotState;
  readonly clock: Clock;
  close(): Promise<void>;
}

/**
 * The whole controller path of one dialer against the lab over TCP: lab (FreeSWITCH stand-in) ← real
 * modesl-based adapter ← services; PGlite; in-memory hot state. One scaled clock for everyone, so a 20 s
 * ring takes a second of test time; the order of events is unchanged.
 */
export async function startDialerStack(population: Population, opts: { speed?: number; sql?: Sql } = {}): Promise<DialerStack> {
  const clock = scaledClock(opts.speed ?? 10, Date.parse('2026-03-03T16:00:00Z'));
  const lab = await startLab({ eslPort: 0, population, clock, maxSessions: 200, sps: 100 });
  const media = new EslMediaControl({
    nodes: [{ name: 'fs1', host: '127.0.0.1', port: lab.eslPort }],
    password: 'ClueCon',
    commandTimeoutMs: 5000,
    reconnectMaxMs: 2000,
    reconnectBaseMs: 50,
    trunks: [{ name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines: 100, cps: 50 }],
    clock,
  });
  await media.start();
  const sql = opts.sql ?? (await openPgliteSql());
  if (!opts.sql) await migrate(sql);
  return {
    lab,
    media,
    sql,
    attempts: createAttemptsRepo(sql),
    hot: createMemoryHotState(clock),
    clock,
    close: async () => {
      await media.close();
      await lab.close();
      if (!opts.sql) await sql.close();
    },
  };
}

export const silentLogger = createLogger('silent');
