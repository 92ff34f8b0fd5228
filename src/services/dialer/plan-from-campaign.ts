import type { CampaignRecord } from '../../adapters/db/repos/campaigns-repo.ts';
import type { Config } from '../../config/load-config.ts';
import type { PacingMode } from '../../domain/pacing/types.ts';
import type { Script } from '../../domain/conversation/script.ts';
import type { CampaignPlan, StrategyBucket } from './campaign-runner.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';

export class CampaignPlanError extends Error {
  readonly code = 'CAMPAIGN_PLAN_INVALID';
  readonly retryable = false;
}

function retryOf(r: Record<string, unknown>): RetryPolicy {
  const minutes = (r['delayMinutesByOutcome'] ?? {}) as Record<string, number>;
  const delays = Object.fromEntries(Object.entries(minutes).map(([k, v]) => [k, v * 60_000]));
  return {
    maxAttemptsPerAccount: typeof r['maxAttemptsPerAccount'] === 'number' ? r['maxAttemptsPerAccount'] : DEFAULT_RETRY_POLICY.maxAttemptsPerAccount,
    delayMsByDisposition: { ...DEFAULT_RETRY_POLICY.delayMsByDisposition, ...delays },
    defaultDelayMs: DEFAULT_RETRY_POLICY.defaultDelayMs,
  };
}

function strategyOf(s: Record<string, unknown>): StrategyBucket[] {
  const buckets = Array.isArray(s['buckets']) ? (s['buckets'] as Array<Record<string, unknown>>) : [];
  return buckets.map((b) => {
    const minutes = (b['delayMinutesByOutcome'] ?? {}) as Record<string, number>;
    return {
      name: String(b['name']),
      minDaysPastDue: Number(b['minDaysPastDue']),
      ...(typeof b['maxDaysPastDue'] === 'number' ? { maxDaysPastDue: b['maxDaysPastDue'] } : {}),
      ...(typeof b['scriptId'] === 'string' ? { scriptId: b['scriptId'] } : {}),
      maxAttempts: Number(b['maxAttempts']),
      delayMsByDisposition: Object.fromEntries(Object.entries(minutes).map(([k, v]) => [k, v * 60_000])),
    };
  });
}

function pacingOf(p: Record<string, unknown>): { targetAbandonment?: number; minAgentsForPredictive?: number } {
  return {
    ...(typeof p['targetAbandonment'] === 'number' ? { targetAbandonment: p['targetAbandonment'] } : {}),
    ...(typeof p['minAgentsForPredictive'] === 'number' ? { minAgentsForPredictive: p['minAgentsForPredictive'] } : {}),
  };
}

/** The dialer's view of a stored campaign, with the configured trunk and node limits. */
export function planFromCampaign(c: CampaignRecord, config: Config, jobFor: CampaignPlan['jobFor'], scriptsById: Readonly<Record<string, Script>>): CampaignPlan {
  const trunk = config.trunks.find((t) => c.trunks.includes(t.name));
  if (!trunk) throw new CampaignPlanError(`campaign ${c.campaignId}: none of its trunks (${c.trunks.join(', ')}) is configured in RECOLLECT_TRUNKS`);
  const node = config.esl.nodes[0];
  if (!node) throw new CampaignPlanError('no FreeSWITCH node configured (RECOLLECT_FS_NODES)');
  const callerId = c.callerIds[0];
  if (!callerId) throw new CampaignPlanError(`campaign ${c.campaignId} has no caller id`);
  const mode = c.pacingMode as PacingMode;
  return {
    campaignId: c.campaignId,
    profile: c.profile,
    channel: mode === 'agentless' ? 'robot' : 'agent',
    // Validated by the campaign schema on the way in (src/services/campaigns/campaign-schema.ts).
    filter: c.filter,
    trunk: { name: trunk.name, maxLines: trunk.maxLines, cps: trunk.cps },
    node: { name: node.name, maxLines: config.dialer.nodeMaxLines },
    callerIdNumber: callerId.replace(/^\+/, ''),
    ringTimeoutMs: config.dialer.ringTimeoutMs,
    detectMachine: true,
    recordCalls: config.dialer.recordCalls,
    recordingsDir: config.dialer.recordingsDir,
    pacing: { mode, ...pacingOf(c.pacing) },
    retry: retryOf(c.retryRules),
    strategy: strategyOf(c.strategy),
    scriptsById,
    jobFor,
  };
}
