import { Gauge, type Registry } from 'prom-client';
import type { CampaignStats } from '../dialer/campaign-runner.ts';

/**
 * Prometheus view of the running campaigns, read from the runners' own counters at scrape time (no second
 * set of counters to keep in step).
 */
export function registerDialerMetrics(registry: Registry, campaigns: () => ReadonlyMap<string, { readonly stats: CampaignStats }>): void {
  const gauge = (name: string, help: string, pick: (s: CampaignStats) => number): void => {
    new Gauge({
      name,
      help,
      labelNames: ['campaign'],
      registers: [registry],
      collect() {
        this.reset();
        for (const [campaignId, runner] of campaigns()) this.set({ campaign: campaignId }, pick(runner.stats));
      },
    });
  };
  gauge('recollect_calls_in_progress', 'Calls this dialer is running now', (s) => s.inFlight);
  gauge('recollect_dials', 'Calls placed since this dialer started', (s) => s.dials);
  gauge('recollect_answered', 'Answered calls since start', (s) => s.answered);
  gauge('recollect_live_answers', 'Live (human) answers since start', (s) => s.liveAnswers);
  gauge('recollect_abandoned', 'Abandoned live answers since start', (s) => s.abandoned);
  gauge('recollect_promises', 'Promises to pay recorded since start', (s) => s.promises);
}

/** Live figures for the API's campaign stats (no per-call results: those are in the database). */
export function liveCampaignStats(stats: CampaignStats | undefined): unknown {
  if (!stats) return { running: false };
  const { results: _results, lastPacing, ...counters } = stats;
  return { running: true, ...counters, pacing: lastPacing?.reasoning };
}
