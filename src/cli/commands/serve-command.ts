import type { Command } from 'commander';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { realClock, scaledClock } from '../../adapters/clock/clocks.ts';
import { loadShippedScript } from '../../adapters/conversation/file-script-loader.ts';
import { buildComplianceContext } from '../../adapters/compliance/compliance-context.ts';
import { createRedisComplianceStore } from '../../adapters/compliance/redis-compliance-store.ts';
import { loadAccountCases } from '../../adapters/compliance/sql-compliance-cases.ts';
import { openSql } from '../../adapters/db/open-sql.ts';
import { createAttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import { createEslMediaControl } from '../../adapters/esl/create-esl-media-control.ts';
import { loadUnderstand } from '../../adapters/intents/load-intent-models.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { createMemoryComplianceStore } from '../../adapters/memory/memory-compliance-store.ts';
import { createMemoryHotState } from '../../adapters/memory/memory-hot-state.ts';
import { createRedisHotState } from '../../adapters/redis/redis-hot-state.ts';
import { loadConfig } from '../../config/load-config.ts';
import { decide } from '../../domain/compliance/decide.ts';
import { explainDecision } from '../../domain/compliance/report.ts';
import { buildApp } from '../../http/build-app.ts';
import { robotJobFor } from '../../services/dialer/build-plan.ts';
import { createComplianceGate } from '../../services/dialer/compliance-gate.ts';
import { DialerSupervisor } from '../../services/dialer/dialer-supervisor.ts';
import { planFromCampaign } from '../../services/dialer/plan-from-campaign.ts';
import { liveCampaignStats, registerDialerMetrics } from '../../services/metrics/dialer-metrics.ts';

/**
 * `recollect serve`: the production process. The one composition root for a dialer: configured FreeSWITCH
 * nodes over ESL, PostgreSQL (or PGlite) and Redis (or in-process state for a single dialer), the REST API,
 * and the supervisor that runs the campaigns marked running.
 */
export function registerServeCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve')
    .description('run the dialer and the REST API (FreeSWITCH nodes, PostgreSQL and Redis from the configuration)')
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      const clock = config.raw.RECOLLECT_LAB_CLOCK_START ? scaledClock(config.raw.RECOLLECT_LAB_CLOCK_SPEED, Date.parse(config.raw.RECOLLECT_LAB_CLOCK_START)) : realClock;
      if (clock !== realClock) logger.warn({ start: config.raw.RECOLLECT_LAB_CLOCK_START }, 'simulated clock (lab run): calling windows follow it, not the wall clock');
      const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const hot = config.redisUrl ? createRedisHotState(config.redisUrl, config.raw.RECOLLECT_REDIS_PREFIX) : createMemoryHotState(clock);
      if (!config.redisUrl) logger.warn('RECOLLECT_REDIS_URL is empty: hot state is in-process; run only one dialer');
      const store = config.redisUrl
        ? createRedisComplianceStore({ url: config.redisUrl, prefix: `${config.raw.RECOLLECT_REDIS_PREFIX}compliance:`, commandTimeoutMs: config.raw.RECOLLECT_COMPLIANCE_STORE_TIMEOUT_MS })
        : createMemoryComplianceStore();
      const ctx = buildComplianceContext({ cnWindowEndMinute: config.raw.RECOLLECT_COMPLIANCE_CN_WINDOW_END_MINUTE });
      const media = createEslMediaControl(config, clock, logger);
      await media.start();
      const attempts = createAttemptsRepo(sql);
      const understand = loadUnderstand(['en', 'zh']);
      const [en, zh] = await Promise.all([loadShippedScript('collections-en'), loadShippedScript('collections-zh')]);
      const jobFor = robotJobFor({ en, zh }, { en: config.dialer.company, zh: config.dialer.company });
      const supervisor = new DialerSupervisor({
        sql, attempts, hot, clock, logger, media, dialerId: config.dialer.dialerId, tickMs: 1000, leaseTtlMs: 30_000, supervisePeriodMs: 5000,
        gate: createComplianceGate(sql, store, ctx),
        call: { media, attempts, hot, clock, logger, understand, ttsVoice: 'kal', maxCallMs: 30 * 60_000, abandonGraceMs: 2000, abandonedMessage: () => `Please call ${config.dialer.company.callbackNumber}.` },
        planFor: (c) => planFromCampaign(c, config, jobFor, { 'collections-en': en, 'collections-zh': zh }),
      });
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      registerDialerMetrics(registry, () => supervisor.campaignRunners);
      const app = await buildApp({
        sql, config, logger, registry,
        liveStats: (campaignId) => liveCampaignStats(supervisor.campaignRunners.get(campaignId)?.stats),
        explain: async ({ accountId }) => {
          if (!accountId) return { error: 'accountId is required' };
          const atMs = clock.now();
          const cases = await loadAccountCases(sql, accountId, atMs);
          return cases.map((sc) => {
            const decision = decide(sc.complianceCase, atMs, ctx);
            return { numberE164: sc.numberE164, debtId: sc.debtId, decision, words: explainDecision({ accountId, debtId: sc.debtId, atMs }, decision) };
          });
        },
      });
      const address = await app.listen({ host: config.http.host, port: config.http.port });
      await supervisor.start();
      logger.info({ address, dialerId: config.dialer.dialerId }, 'dialer and API running');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      logger.info('stopping: no new calls; calls in progress finish or are hung up');
      await supervisor.stop(30_000);
      await app.close();
      await media.close();
      await hot.close();
      await store.close();
      await sql.close();
      setExit(0);
    });
}
