/**
 * A scripted FreeSWITCH event socket for adapter tests (in the spirit of modesl's test/fixtures/helpers.ts):
 * greets with auth/request, answers auth/event/exit like FreeSWITCH 1.10.12 (reply texts from the captures),
 * records every command, and hands the rest to a script.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface EslCommand {
  readonly line: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface FakeSession {
  readonly commands: EslCommand[];
  write(...frames: string[]): void;
  close(): void;
}

export type CommandScript = (command: EslCommand, session: FakeSession) => void;

export const disconnectNotice =
  'Content-Type: text/disconnect-notice\nContent-Length: 67\n\nDisconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n';

export function commandReply(text: string, extra: Record<string, string> = {}): string {
  return `Content-Type: command/reply\nReply-Text: ${text}\n${Object.entries(extra)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('')}\n`;
}

export function apiResponse(body: string): string {
  return `Content-Type: api/response\nContent-Length: ${Buffer.byteLength(body)}\n\n${body}`;
}

export function jsonEventFrame(event: Record<string, string>): string {
  const body = JSON.stringify(event);
  return `Content-Length: ${Buffer.byteLength(body)}\nContent-Type: text/event-json\n\n${body}`;
}

function parseCommand(block: string): EslCommand {
  const [line = '', ...rest] = block.split('\n');
  const headers: Record<string, string> = {};
  for (const h of rest) {
    const i = h.indexOf(': ');
    if (i > 0) headers[h.slice(0, i)] = h.slice(i + 2);
  }
  return { line, headers };
}

export interface FakeEslServer {
  readonly port: number;
  readonly sessions: FakeSession[];
  /** Commands of every session, in arrival order. */
  readonly commands: EslCommand[];
  setScript(script: CommandScript): void;
  /** Cuts every open connection without a goodbye (a switch restart or a network cut). */
  dropConnections(): void;
  /** Resolves when the n-th session (1-based) has authenticated and subscribed. */
  subscribed(n: number): Promise<FakeSession>;
  close(): Promise<void>;
}

export async function startFakeEsl(script: CommandScript, password = 'ClueCon'): Promise<FakeEslServer> {
  const sockets = new Set<Socket>();
  const sessions: FakeSession[] = [];
  const all: EslCommand[] = [];
  const waiters: Array<{ n: number; resolve(s: FakeSession): void }> = [];
  const subscribedSessions: FakeSession[] = [];
  let current = script;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const session: FakeSession = {
      commands: [],
      write: (...frames) => {
        if (!socket.destroyed) socket.write(frames.join(''));
      },
      close: () => socket.end(),
    };
    sessions.push(session);
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const command = parseCommand(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        session.commands.push(command);
        all.push(command);
        if (command.line.startsWith('auth ')) {
          if (command.line.slice(5) === password) session.write(commandReply('+OK accepted'));
          else {
            session.write(commandReply('-ERR invalid'), disconnectNotice);
            socket.end();
          }
        } else if (command.line.startsWith('event json')) {
          session.write(commandReply('+OK event listener enabled json'));
          if (command.line.includes('CHANNEL_ANSWER')) {
            subscribedSessions.push(session);
            for (const w of waiters.filter((x) => x.n === subscribedSessions.length)) w.resolve(session);
          }
        } else if (command.line === 'exit') {
          session.write(commandReply('+OK bye'), disconnectNotice);
          socket.end();
        } else current(command, session);
      }
    });
    session.write('Content-Type: auth/request\n\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('fake ESL server has no port');
  return {
    port: address.port,
    sessions,
    commands: all,
    setScript: (next) => {
      current = next;
    },
    dropConnections: () => {
      for (const s of sockets) s.destroy();
    },
    subscribed: (n) =>
      n <= subscribedSessions.length
        ? Promise.resolve(subscribedSessions[n - 1]!)
        : new Promise((resolve) => waiters.push({ n, resolve })),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
