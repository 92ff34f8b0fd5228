import type { Command } from 'commander';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { openSql } from '../../adapters/db/open-sql.ts';
import { createLogger } from '../../adapters/log/logger.ts';
import { loadConfig } from '../../config/load-config.ts';
import { buildApp } from '../../http/build-app.ts';

/**
 * `recollect serve-api`: the REST API alone, on the configured store — for operators loading data and
 * configuring campaigns before (or without) a dialer in this process. `recollect serve` runs it too.
 */
export function registerServeApiCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('serve-api')
    .description(
      'serve the REST API (accounts, imports, campaigns, call record) on RECOLLECT_HTTP_HOST:RECOLLECT_HTTP_PORT',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger(config.logLevel);
      if (config.apiTokens.size === 0)
        logger.warn(
          'RECOLLECT_API_TOKENS is empty: every API call except /healthz, /metrics, /openapi.json will get 401',
        );
      const sql = await openSql({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      const registry = new Registry();
      collectDefaultMetrics({ register: registry });
      const app = await buildApp({ sql, config, logger, registry });
      const address = await app.listen({ host: config.http.host, port: config.http.port });
      logger.info({ address }, 'API listening');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await app.close();
      await sql.close();
      setExit(0);
    });
}
