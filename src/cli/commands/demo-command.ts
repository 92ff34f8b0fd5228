import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { scaledClock } from '../../adapters/clock/clocks.ts';
import { loadShippedScript } from '../../adapters/conversation/file-script-loader.ts';
import { buildComplianceContext } from '../../adapters/compliance/compliance-context.ts';
import { openSql } from '../../adapters/db/open-sql.ts';
import { createAttemptsRepo } from '../../adapters/db/repos/attempts-repo.ts';
import { EslMediaControl } from '../../adapters/esl/esl-media-control.ts';
import { loadUnderstand } from '../../adapters/intents/load-intent-models.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { createMemoryComplianceStore } from '../../adapters/memory/memory-compliance-store.ts';
import { createMemoryHotState } from '../../adapters/memory/memory-hot-state.ts';
import { loadConfig } from '../../config/load-config.ts';
import { buildApp } from '../../http/build-app.ts';
import { parsePopulation, startLab } from '../../lab/index.ts';
import { seedDemo } from '../../services/demo/demo-data.ts';
import { renderProgress, renderSummary } from '../../services/demo/demo-report.ts';
import { robotJobFor } from '../../services/dialer/build-plan.ts';
import { CampaignRunner, type CampaignPlan } from '../../services/dialer/campaign-runner.ts';
import { createComplianceGate } from '../../services/dialer/compliance-gate.ts';
import { DEFAULT_RETRY_POLICY } from '../../services/dialer/retry-policy.ts';

interface DemoOptions {
  exit?: boolean;
  accounts: string;
  minutes: string;
  speed: string;
}

/** 01:00 UTC on a Tuesday: inside the calling window in every US zone (evening) and in China (morning). */
const DEMO_START = Date.parse('2026-11-24T01:00:00Z');

export function registerDemoCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('demo')
    .description('run the whole dialer on embedded defaults against the lab: EN + ZH accounts, agentless robot campaigns')
    .option('--accounts <n>', 'demo accounts to load', '40')
    .option('--minutes <m>', 'simulated minutes to run', '20')
    .option('--speed <x>', 'simulated seconds per real second', '20')
    .option('--exit', 'exit after the summary instead of serving the API (the default when not on a terminal)')
    .action(async (opts: DemoOptions) => {
      setExit(await runDemo(Number(opts.accounts), Number(opts.minutes), Number(opts.speed), opts.exit === true));
    });
}

async function runDemo(accountCount: number, minutes: number, speed: number, keepNoApi: boolean): Promise<number> {
  if (!(accountCount > 0 && minutes > 0 && speed > 0)) throw new Error('--accounts, --minutes and --speed must be positive numbers');
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const dataDir = join(config.dataDir, 'demo');
  rmSync(dataDir, { recursive: true, force: true }); // each demo starts from the same clean state
  out(`Recollect demo — embedded PostgreSQL (PGlite) in ${dataDir}, in-process hot state, the lab as FreeSWITCH`);
  const sql = await openSql({ databaseUrl: undefined, dataDir });
  const clock = scaledClock(speed, DEMO_START);
  const seed = await seedDemo(sql, accountCount);
  const lab = await startLab({ eslPort: 0, population: parsePopulation(JSON.stringify(seed.population)), clock, maxSessions: 200, sps: 50 });
  const trunk = { name: 'lab', dialString: 'sofia/gateway/lab/{number}', maxLines: 12, cps: 5 };
  const media = new EslMediaControl({ nodes: [{ name: 'lab', host: '127.0.0.1', port: lab.eslPort }], password: 'ClueCon', commandTimeoutMs: config.esl.commandTimeoutMs, reconnectMaxMs: config.esl.reconnectMaxMs, trunks: [trunk], clock });
  await media.start();
  out(`lab: FreeSWITCH stand-in on 127.0.0.1:${lab.eslPort}; ${seed.accounts.length} accounts loaded; clock ×${speed}`);
  const [en, zh] = await Promise.all([loadShippedScript('collections-en'), loadShippedScript('collections-zh')]);
  const understand = loadUnderstand(['en', 'zh']);
  const hot = createMemoryHotState(clock);
  const attempts = createAttemptsRepo(sql);
  const gate = createComplianceGate(sql, createMemoryComplianceStore(), buildComplianceContext());
  const jobFor = robotJobFor({ en, zh }, {
    en: { companyName: 'Acme Recovery', contactName: 'Sam Lee', callbackNumber: '800-555-0100' },
    zh: { companyName: '安信资产管理', contactName: '李经理', callbackNumber: '400-800-1234' },
  });
  const runners: CampaignRunner[] = [];
  for (const [campaignId, profile, lang] of [['demo-us', 'us', 'en'], ['demo-cn', 'cn', 'zh']] as const) {
    await sql.query(`INSERT INTO campaigns (campaign_id, name, status, script_id, profile, pacing_mode) VALUES ($1, $2, 'running', $3, $4, 'agentless')`, [campaignId, `Demo ${profile.toUpperCase()}`, `collections-${lang}`, profile]);
    const plan: CampaignPlan = {
      campaignId, profile, channel: 'robot', filter: { languages: [lang] }, trunk, node: { name: 'lab', maxLines: 12 },
      callerIdNumber: lang === 'en' ? '18005550100' : '4008001234', ringTimeoutMs: 25_000, detectMachine: true, recordCalls: true,
      pacing: { mode: 'agentless' }, retry: DEFAULT_RETRY_POLICY, jobFor,
    };
    runners.push(new CampaignRunner({
      sql, attempts, hot, clock, logger, gate, dialerId: 'demo', tickMs: 1000, leaseTtlMs: 30_000,
      call: { media, attempts, hot, clock, logger, understand, ttsVoice: 'kal', maxCallMs: 15 * 60_000, abandonGraceMs: 2000, abandonedMessage: () => '' },
    }, plan));
  }
  for (const r of runners) r.start();
  const endAt = clock.now() + minutes * 60_000;
  while (clock.now() < endAt) {
    await new Promise((resolve) => clock.setTimer(() => resolve(undefined), 60_000));
    out(renderProgress(clock.now(), runners.map((r) => r.stats), await hot.linesInUse('trunk:lab')));
  }
  await Promise.all(runners.map((r) => r.stop()));
  out(await renderSummary(sql, runners.map((r) => r.stats)));
  await media.close();
  await lab.close();
  // The API over what the demo stored: accounts, attempts, transcripts, promises, decisions.
  const token = randomBytes(12).toString('hex');
  const apiConfig = { ...config, apiTokens: new Map([...config.apiTokens, [token, 'admin']]) };
  const app = await buildApp({ sql, config: apiConfig, logger });
  const address = await app.listen({ host: config.http.host, port: 0 });
  out(`\nAPI: ${address}  (OpenAPI at ${address}/openapi.json; this run's admin token: ${token})`);
  out(`  e.g. curl -H 'Authorization: Bearer ${token}' ${address}/promises`);
  if (process.stdout.isTTY && !keepNoApi) {
    out('Serving the API until Ctrl-C.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  }
  await app.close();
  await sql.close();
  return 0;
}
