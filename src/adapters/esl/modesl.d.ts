/**
 * Local type declarations for modesl 1.2.1 (CommonJS, ships no types). Only what this adapter uses is
 * declared; see node_modules/modesl/lib/esl/Connection.js and Event.js for the behaviour described here.
 */
declare module 'modesl' {
  import type { Socket } from 'node:net';

  namespace modesl {
    interface EventHeader {
      name: string;
      value: string | number;
    }

    class Event {
      constructor(headers: Record<string, string>, body?: string);
      /** Headers in the order modesl stored them (JSON: object order; a duplicated header keeps its last value). */
      headers: EventHeader[];
      body: string;
      type: string | undefined;
      getHeader(name: string): string | null;
      getBody(): string;
      getType(): string;
      serialize(format?: 'plain' | 'json' | 'xml'): string;
    }

    type Callback = (event: Event) => void;

    /**
     * Inbound connection: `new Connection(host, port, password, onReady)`. On `auth/request` it authenticates by
     * itself, then subscribes in JSON to BACKGROUND_JOB and CHANNEL_EXECUTE_COMPLETE and emits `esl::ready`.
     * Replies are matched FIFO: `api` callbacks by the next api/response, `sendRecv` callbacks by the next
     * command/reply. Events are emitted as `esl::event::<Event-Name>::<Job-UUID|Unique-ID|Core-UUID>` on an
     * EventEmitter2 with `::` wildcards; an `error` event without a listener throws.
     */
    class Connection {
      constructor(host: string, port: number, password: string, onReady?: () => void);
      socket: Socket | null;
      authed: boolean;
      connected(): boolean;
      send(command: string, args?: Record<string, string | number | boolean>): void;
      sendRecv(command: string, args: Record<string, string | number | boolean> | null, cb: Callback): void;
      sendRecv(command: string, cb: Callback): void;
      api(command: string, args: string, cb: Callback): void;
      events(type: 'plain' | 'json' | 'xml', events: string, cb?: Callback): void;
      disconnect(): void;
      on(event: string, listener: (...args: never[]) => void): this;
      once(event: string, listener: (...args: never[]) => void): this;
      off(event: string, listener: (...args: never[]) => void): this;
      removeAllListeners(event?: string): this;
    }
  }

  export = modesl;
}
