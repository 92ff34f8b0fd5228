/**
 * The telephony lab: a FreeSWITCH 1.10.12 stand-in speaking the inbound event-socket protocol on
 * 127.0.0.1, with a simulated population of callees. See docs/lab.md.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { realClock } from '../adapters/clock/clocks.ts';
import type { Clock } from '../ports/clock.ts';
import { installFeatureHooks } from './call-features.ts';
import { EslConnection } from './esl-connection.ts';
import { LabSwitch } from './lab-switch.ts';
import { DEFAULT_POPULATION, type Population } from './population.ts';
import { seededRng } from './rng.ts';

export { parsePopulation, LabPopulationError, type Population } from './population.ts';

export interface LabOptions {
  host?: string /* 127.0.0.1 */;
  eslPort?: number /* 0 = any free port */;
  password?: string /* ClueCon */;
  population?: Population;
  maxSessions?: number;
  sps?: number;
  clock?: Clock /* default realClock */;
  /** HEARTBEAT interval on the lab clock; FreeSWITCH's default is 20 s. */
  heartbeatMs?: number;
}

export interface Lab {
  readonly eslPort: number;
  readonly clock: Clock;
  /** Destroys every ESL TCP connection abruptly (like a network drop); calls in progress go on. */
  dropConnections(): void;
  sessionCount(): number;
  close(): Promise<void>;
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const clock = options.clock ?? realClock;
  const population = options.population ?? DEFAULT_POPULATION;
  const sw = new LabSwitch({
    clock,
    population,
    rng: seededRng(population.seed),
    maxSessions: options.maxSessions ?? 1000,
    sps: options.sps ?? 30,
  });
  installFeatureHooks(sw);
  const password = options.password ?? 'ClueCon';
  const connections = new Set<{ conn: EslConnection; socket: Socket }>();
  const server: Server = createServer((socket) => {
    // No Nagle delay on small frames: on a shared clock a 40 ms delayed-ACK stall is not part of the switch's
    // behaviour, and on a virtual clock it would become seconds of simulated latency.
    socket.setNoDelay(true);
    const entry = { conn: new EslConnection(socket, sw, password), socket };
    connections.add(entry);
    socket.on('close', () => connections.delete(entry));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.eslPort ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const eslPort = typeof address === 'object' && address ? address.port : 0;
  sw.startHeartbeat(options.heartbeatMs ?? 20_000);
  return {
    eslPort,
    clock,
    dropConnections: () => {
      for (const { conn } of connections) conn.destroy();
      connections.clear();
    },
    sessionCount: () => sw.sessionCount(),
    close: async () => {
      sw.stop();
      for (const { conn } of connections) conn.destroy();
      connections.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
