/**
 * EslMediaControl: the MediaControl port over one EslConnection per FreeSWITCH node (RECOLLECT_FS_NODES).
 *
 * Data model: a leg is named by the fsUuid we choose (origination_uuid), so it is routable before the switch
 * says anything. The CallRouter maps fsUuid → listener(s), node, bgapi job. New calls go to the connected node
 * with the fewest live legs; every later command for a leg goes to the node that owns it. Per-trunk line and
 * CPS limits are taken before the originate is sent and freed when the leg ends. After a reconnect, legs that
 * the node no longer lists in `show channels as json` are ended with cause RECONCILED.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../ports/clock.ts';
import {
  MediaControlError,
  type CallEventListener,
  type ChannelInfo,
  type Disposable,
  type FsHangupCause,
  type MediaControl,
  type OriginateRequest,
  type OriginatedCall,
  type PlayMedia,
  type SpeechListenOptions,
  type TransferTarget,
} from '../../ports/media-control.ts';
import { CallRouter } from './call-router.ts';
import {
  broadcastArgs,
  checkFsUuid,
  detectSpeechArg,
  expandDialString,
  killArgs,
  originateArgs,
  recordArgs,
  transferArgs,
} from './esl-commands.ts';
import { parseShowChannels } from './esl-channels.ts';
import { EslConnection, type EslConnectionOptions } from './esl-connection.ts';
import { mapEslEvent } from './esl-event-mapper.ts';
import { TrunkLimits, type TrunkSpec } from './trunk-limits.ts';

type Log = NonNullable<EslConnectionOptions['log']> & { error(fields: object, msg: string): void };

export interface EslMediaControlOptions {
  readonly nodes: ReadonlyArray<{ readonly name: string; readonly host: string; readonly port: number }>;
  readonly password: string;
  readonly commandTimeoutMs: number;
  readonly reconnectMaxMs: number;
  readonly reconnectBaseMs?: number;
  readonly trunks: readonly TrunkSpec[];
  readonly clock: Clock;
  /** TTS engine named in `speak::<engine>|voice|text` (flite in the reference lab). */
  readonly ttsEngine?: string;
  readonly log?: Log;
}

export class EslMediaControl implements MediaControl {
  private readonly connections: EslConnection[];
  private readonly router: CallRouter;
  private readonly limits: TrunkLimits;
  private readonly disposables: Disposable[] = [];

  constructor(private readonly options: EslMediaControlOptions) {
    if (options.nodes.length === 0)
      throw new MediaControlError('no FreeSWITCH node configured', 'NO_NODE_AVAILABLE', false);
    this.limits = new TrunkLimits(options.trunks, options.clock);
    this.router = new CallRouter(
      (fsUuid) => this.limits.release(fsUuid),
      (fsUuid, err) =>
        options.log?.error(
          { fsUuid, err: err instanceof Error ? err.message : String(err) },
          'call event listener threw',
        ),
    );
    this.connections = options.nodes.map((node) => {
      const connection = new EslConnection({
        nodeName: node.name,
        host: node.host,
        port: node.port,
        password: options.password,
        commandTimeoutMs: options.commandTimeoutMs,
        reconnectMaxMs: options.reconnectMaxMs,
        reconnectBaseMs: options.reconnectBaseMs,
        clock: options.clock,
        log: options.log,
      });
      this.disposables.push(
        connection.onEvent((event) => {
          for (const signal of mapEslEvent(event)) this.router.handle(signal, node.name);
        }),
        connection.onStateChange((state) => {
          if (state.state === 'connected' && state.reconnected) void this.reconcile(connection);
        }),
      );
      return connection;
    });
  }

  /** Connects to every node; resolves when all are connected (rejects on a wrong password). */
  async start(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.start()));
  }

  async originate(request: OriginateRequest, listener: CallEventListener): Promise<OriginatedCall> {
    const trunk = this.limits.trunk(request.trunkName);
    const fsUuid = randomUUID();
    const args = originateArgs({
      ...request,
      fsUuid,
      dialString: expandDialString(trunk.dialString, request.destinationNumber),
    });
    const node = this.pickNode();
    this.limits.acquire(trunk.name, fsUuid);
    const subscription = this.router.track(fsUuid, node.nodeName, listener, true);
    const jobUuid = randomUUID();
    this.router.expectJob(jobUuid, fsUuid);
    try {
      const reported = await node.bgapi(`originate ${args}`, jobUuid);
      if (reported !== jobUuid) this.router.rekeyJob(jobUuid, reported);
    } catch (err) {
      // After a timeout the switch may still place the call: kill it by the uuid we chose, best effort.
      node.api(killArgs(fsUuid, 'ORIGINATOR_CANCEL')).catch(() => undefined);
      subscription.dispose();
      this.router.forget(fsUuid);
      this.limits.release(fsUuid);
      throw err;
    }
    return { fsUuid, nodeName: node.nodeName, subscription };
  }

  subscribe(fsUuid: string, listener: CallEventListener): Disposable {
    return this.router.track(checkFsUuid(fsUuid), undefined, listener, false);
  }

  async play(fsUuid: string, media: PlayMedia): Promise<void> {
    await this.nodeFor(fsUuid).api(
      `uuid_broadcast ${broadcastArgs(fsUuid, media, this.options.ttsEngine ?? 'flite')}`,
    );
  }

  async stopPlayback(fsUuid: string): Promise<void> {
    await this.nodeFor(fsUuid).api(`uuid_break ${checkFsUuid(fsUuid)} all`);
  }

  async startSpeechDetection(fsUuid: string, options: SpeechListenOptions): Promise<void> {
    await this.execute(fsUuid, 'detect_speech', detectSpeechArg(options.engine, options.grammar));
  }

  async stopSpeechDetection(fsUuid: string): Promise<void> {
    await this.execute(fsUuid, 'detect_speech', 'stop');
  }

  async startRecording(fsUuid: string, path: string): Promise<void> {
    await this.nodeFor(fsUuid).api(`uuid_record ${recordArgs(fsUuid, 'start', path)}`);
  }

  async stopRecording(fsUuid: string, path: string): Promise<void> {
    await this.nodeFor(fsUuid).api(`uuid_record ${recordArgs(fsUuid, 'stop', path)}`);
  }

  async bridge(fsUuid: string, otherFsUuid: string): Promise<void> {
    const node = this.nodeFor(fsUuid);
    // Captured (bridge-plain): hangup_after_bridge=false did NOT keep the customer up once the agent hung up,
    // because its only app (park) had already ended; park_after_bridge=true did (bridge-park-after-plain).
    await node.api(`uuid_setvar ${checkFsUuid(fsUuid)} park_after_bridge true`);
    await node.api(`uuid_bridge ${fsUuid} ${checkFsUuid(otherFsUuid)}`);
  }

  async transfer(fsUuid: string, target: TransferTarget): Promise<void> {
    await this.nodeFor(fsUuid).api(`uuid_transfer ${transferArgs(fsUuid, target)}`);
  }

  /** Idempotent: a leg that is already gone (`-ERR No such channel!`) counts as hung up. */
  async hangup(fsUuid: string, cause?: FsHangupCause): Promise<void> {
    const command = `uuid_kill ${killArgs(fsUuid, cause)}`;
    // A leg that already ended is no longer routed; with several nodes we do not know where it was, so ask all.
    const nodes =
      this.router.nodeOf(fsUuid) === undefined
        ? this.connections.filter((c) => c.connected)
        : [this.nodeFor(fsUuid)];
    if (nodes.length === 0) throw new MediaControlError('no FreeSWITCH node is connected', 'ESL_NOT_CONNECTED', true);
    const bodies = await Promise.all(nodes.map((node) => node.apiBody(command)));
    const failure = bodies.find((body) => body.startsWith('-ERR') && !/no such channel/i.test(body));
    if (failure !== undefined)
      throw new MediaControlError(`uuid_kill: ${failure.trim()}`, 'ESL_COMMAND_FAILED', false);
  }

  async listChannels(): Promise<readonly ChannelInfo[]> {
    const lists = await Promise.all(
      this.connections
        .filter((c) => c.connected)
        .map(async (c) =>
          parseShowChannels(await c.api('show channels as json')).map((row) => ({
            ...row,
            nodeName: c.nodeName,
          })),
        ),
    );
    return lists.flat();
  }

  /** Live legs the adapter is tracking (for tests and metrics). */
  liveLegCount(): number {
    return this.router.liveLegCount();
  }

  linesInUse(trunkName: string): number {
    return this.limits.linesInUse(trunkName);
  }

  async close(): Promise<void> {
    for (const d of this.disposables.splice(0)) d.dispose();
    await Promise.all(this.connections.map((c) => c.close()));
  }

  private pickNode(): EslConnection {
    const candidates = this.connections.filter((c) => c.connected);
    if (candidates.length === 0)
      throw new MediaControlError('no FreeSWITCH node is connected', 'NO_NODE_AVAILABLE', true);
    return candidates.reduce((best, c) =>
      this.router.liveLegCount(c.nodeName) < this.router.liveLegCount(best.nodeName) ? c : best,
    );
  }

  private nodeFor(fsUuid: string): EslConnection {
    const nodeName = this.router.nodeOf(checkFsUuid(fsUuid));
    const node =
      nodeName === undefined
        ? this.connections.length === 1
          ? this.connections[0]
          : undefined
        : this.connections.find((c) => c.nodeName === nodeName);
    if (!node)
      throw new MediaControlError(`no known FreeSWITCH node for leg ${fsUuid}`, 'CALL_UNKNOWN', false);
    return node;
  }

  private async execute(fsUuid: string, app: string, arg: string): Promise<void> {
    await this.nodeFor(fsUuid).sendmsg(checkFsUuid(fsUuid), {
      'call-command': 'execute',
      'execute-app-name': app,
      'execute-app-arg': arg,
      'event-lock': 'true',
      'Event-UUID': randomUUID(),
    });
  }

  /** After a reconnect: legs the node no longer has ended while we were away; their real cause is lost. */
  private async reconcile(connection: EslConnection): Promise<void> {
    try {
      const alive = new Set(
        parseShowChannels(await connection.api('show channels as json')).map((r) => r.fsUuid),
      );
      for (const fsUuid of this.router.legsOn(connection.nodeName)) {
        if (alive.has(fsUuid)) continue;
        this.router.endWith(fsUuid, {
          cause: 'RECONCILED',
          q850: undefined,
          rawCause: 'RECONCILED',
          sipStatus: undefined,
          byRemote: undefined,
          answered: false,
        });
      }
    } catch (err) {
      this.options.log?.warn(
        { node: connection.nodeName, err: err instanceof Error ? err.message : String(err) },
        'esl reconciliation failed',
      );
    }
  }
}
