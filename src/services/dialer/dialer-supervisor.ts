import { listCampaigns, type CampaignRecord } from '../../adapters/db/repos/campaigns-repo.ts';
import type { TimerHandle } from '../../ports/clock.ts';
import type { MediaControl } from '../../ports/media-control.ts';
import { CampaignRunner, type CampaignRunnerDeps, type CampaignPlan } from './campaign-runner.ts';
import { reconcileOpenAttempts } from './reconcile.ts';

export interface SupervisorDeps extends CampaignRunnerDeps {
  readonly media: MediaControl;
  readonly planFor: (c: CampaignRecord) => CampaignPlan;
  /** How often running campaigns are re-read and orphaned attempts settled. */
  readonly supervisePeriodMs: number;
}

const ALIVE_TTL_MS = 15_000;

/**
 * One per dialer process. Announces the dialer alive (a lease other dialers watch), settles attempts left
 * open by this dialer's previous life and by dead dialers, and keeps one CampaignRunner per running campaign
 * (each runner dials only while it holds its campaign's lease, so a campaign runs on one dialer at a time and
 * moves to another when its owner dies).
 */
export class DialerSupervisor {
  private readonly runners = new Map<string, CampaignRunner>();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly deps: SupervisorDeps) {}

  async start(): Promise<void> {
    await this.announce();
    await this.reconcile(true);
    this.schedule(0);
  }

  get campaignRunners(): ReadonlyMap<string, CampaignRunner> {
    return this.runners;
  }

  private async announce(): Promise<void> {
    await this.deps.hot.acquireLease(`dialer:${this.deps.dialerId}`, this.deps.dialerId, ALIVE_TTL_MS);
  }

  /** At start: this dialer's previous life and dead dialers; afterwards: dead dialers only. */
  private async reconcile(includeOwn: boolean): Promise<void> {
    const { deps } = this;
    const isOrphan = async (a: { dialerId: string | undefined }): Promise<boolean> =>
      a.dialerId !== undefined && a.dialerId !== deps.dialerId && (await deps.hot.leaseOwner(`dialer:${a.dialerId}`)) === undefined;
    await reconcileOpenAttempts(deps, includeOwn ? deps.dialerId : undefined, isOrphan);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = this.deps.clock.setTimer(() => {
      this.supervise().then(
        () => this.schedule(this.deps.supervisePeriodMs),
        (err: unknown) => {
          this.deps.logger.error({ err: (err as Error).message }, 'supervise failed; retrying');
          this.schedule(this.deps.supervisePeriodMs);
        },
      );
    }, delayMs);
  }

  private async supervise(): Promise<void> {
    await this.announce();
    await this.reconcile(false);
    const running = new Map((await listCampaigns(this.deps.sql, { status: 'running', limit: 1000, offset: 0 })).map((c) => [c.campaignId, c]));
    for (const [campaignId, runner] of this.runners) {
      if (running.has(campaignId)) continue;
      this.runners.delete(campaignId);
      await runner.stop();
    }
    for (const [campaignId, record] of running) {
      if (this.runners.has(campaignId) || this.stopped) continue;
      try {
        const runner = new CampaignRunner(this.deps, this.deps.planFor(record));
        this.runners.set(campaignId, runner);
        runner.start();
      } catch (err) {
        this.deps.logger.error({ campaignId, err: (err as Error).message }, 'campaign cannot run');
      }
    }
  }

  /** Stops every campaign runner; their calls finish or are hung up (see CampaignRunner.stop). */
  async stop(graceMs?: number): Promise<void> {
    this.stopped = true;
    if (this.timer) this.deps.clock.clearTimer(this.timer);
    await Promise.all([...this.runners.values()].map((r) => r.stop(graceMs)));
    this.runners.clear();
    await this.deps.hot.releaseLease(`dialer:${this.deps.dialerId}`, this.deps.dialerId).catch(() => undefined);
  }
}
