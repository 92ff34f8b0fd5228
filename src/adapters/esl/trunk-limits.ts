/**
 * Per-trunk line and calls-per-second limits, enforced in this process before an originate is sent (the
 * carrier rejects or blacklists us past its limits). The cross-process budget comes later through Redis;
 * this is the local guard. Time comes from the Clock port so tests and simulations control it.
 */
import type { Clock } from '../../ports/clock.ts';
import { MediaControlError } from '../../ports/media-control.ts';

export interface TrunkSpec {
  readonly name: string;
  readonly dialString: string;
  readonly maxLines: number;
  readonly cps: number;
}

/** CPS is counted over a sliding one-second window. */
const CPS_WINDOW_MS = 1000;

export class TrunkLimits {
  private readonly trunks = new Map<string, TrunkSpec>();
  private readonly lines = new Map<string, Set<string>>();
  private readonly starts = new Map<string, number[]>();

  constructor(
    trunks: readonly TrunkSpec[],
    private readonly clock: Clock,
  ) {
    for (const trunk of trunks) {
      this.trunks.set(trunk.name, trunk);
      this.lines.set(trunk.name, new Set());
      this.starts.set(trunk.name, []);
    }
  }

  trunk(name: string): TrunkSpec {
    const trunk = this.trunks.get(name);
    if (!trunk)
      throw new MediaControlError(
        `unknown trunk "${name}" (configured: ${[...this.trunks.keys()].join(', ')})`,
        'TRUNK_UNKNOWN',
        false,
      );
    return trunk;
  }

  /** Takes a line and a CPS slot for `fsUuid`, or throws a retryable TRUNK_* error and takes nothing. */
  acquire(trunkName: string, fsUuid: string): void {
    const trunk = this.trunk(trunkName);
    const lines = this.lines.get(trunk.name)!;
    if (lines.size >= trunk.maxLines) {
      throw new MediaControlError(
        `trunk ${trunk.name}: all ${trunk.maxLines} lines busy`,
        'TRUNK_LINES_EXHAUSTED',
        true,
      );
    }
    const now = this.clock.now();
    const recent = this.starts.get(trunk.name)!.filter((t) => now - t < CPS_WINDOW_MS);
    if (recent.length >= trunk.cps) {
      this.starts.set(trunk.name, recent);
      throw new MediaControlError(
        `trunk ${trunk.name}: ${trunk.cps} calls per second reached`,
        'TRUNK_CPS_EXCEEDED',
        true,
      );
    }
    recent.push(now);
    this.starts.set(trunk.name, recent);
    lines.add(fsUuid);
  }

  /** Frees the line of `fsUuid` (idempotent; unknown uuids are ignored). */
  release(fsUuid: string): void {
    for (const lines of this.lines.values()) lines.delete(fsUuid);
  }

  linesInUse(trunkName: string): number {
    return this.lines.get(trunkName)?.size ?? 0;
  }
}
