import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import swagger from '@fastify/swagger';
import { Counter, Histogram, Registry } from 'prom-client';
import { writeAudit } from '../adapters/db/repos/audit-repo.ts';
import type { AppDeps } from './app-deps.ts';
import { authorize } from './auth.ts';
import { handleError } from './error-handler.ts';
import './fastify-types.ts';
import { zodValidatorCompiler } from './route-schema.ts';
import { registerAccountRoutes } from './routes/accounts-routes.ts';
import { registerCampaignRoutes } from './routes/campaigns-routes.ts';
import { registerImportRoutes } from './routes/imports-routes.ts';
import { registerRecordRoutes } from './routes/records-routes.ts';

/**
 * The REST API. Everything it uses is passed in (the composition root owns the store, config and logger),
 * so tests build it against PGlite/PostgreSQL and call it with `inject()`, no port needed.
 *
 * Cross-cutting rules are enforced at startup for every route (onRoute): a permission, a schema, and an
 * audit action on every write — a new route cannot forget them. Requests are logged by route pattern,
 * never by URL: a search URL can carry a phone number or a name.
 */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: deps.logger,
    // Fastify's own request lines carry the URL; ours (onResponse) carry the route pattern only.
    logController: new LogController({ disableRequestLogging: true }),
  });
  app.decorateRequest('principal', null);
  app.decorateRequest('auditTarget', null);
  app.decorateRequest('auditDetail', null);
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setErrorHandler(handleError);
  app.addHook('onRoute', checkRouteDeclares);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Recollect API',
        version: '0.1.0',
        description: 'Accounts, imports, campaigns and the call record. See docs/api.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });

  const registry = deps.registry ?? new Registry();
  installHooks(app, deps, registry);
  registerOpsRoutes(app, deps, registry);
  registerAccountRoutes(app, deps);
  registerImportRoutes(app, deps);
  registerCampaignRoutes(app, deps);
  registerRecordRoutes(app, deps);
  return app;
}

/** Authentication, audit, metrics and the request log line: the cross-cutting part of every request. */
function installHooks(app: FastifyInstance, deps: AppDeps, registry: Registry): void {
  // Before the body is read: an unauthenticated 50 MiB upload is refused without parsing it.
  app.addHook('onRequest', (request, _reply, done) => {
    const permission = request.routeOptions.config.permission;
    if (permission === undefined || permission === 'public') return done(); // unknown routes fall through to 404
    try {
      request.principal = authorize(request.headers.authorization, deps.config.apiTokens, permission);
      done();
    } catch (err) {
      done(err as Error);
    }
  });

  // The audit row is written before the response leaves: a client that saw 2xx can rely on the trail.
  app.addHook('onSend', async (request, reply, payload) => {
    const action = request.routeOptions.config.auditAction;
    if (action && request.principal && reply.statusCode < 400) {
      await writeAudit(deps.sql, {
        actor: request.principal.actor,
        role: request.principal.role,
        action,
        target: request.auditTarget ?? undefined,
        detail: {
          method: request.method,
          route: request.routeOptions.url,
          statusCode: reply.statusCode,
          ...request.auditDetail,
        },
      });
    }
    return payload;
  });

  const metrics = httpMetrics(registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    metrics.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    request.log.info(
      {
        method: request.method,
        route,
        statusCode: reply.statusCode,
        responseTimeMs: Math.round(reply.elapsedTime),
      },
      'request completed',
    );
  });
}

function checkRouteDeclares(route: {
  method: string | string[];
  url: string;
  config?: unknown;
  schema?: unknown;
}): void {
  const config = (route.config ?? {}) as { permission?: string; auditAction?: string };
  const name = `${String(route.method)} ${route.url}`;
  if (!config.permission) throw new Error(`route ${name} declares no permission`);
  if (!route.schema) throw new Error(`route ${name} declares no schema`);
  const writes = [route.method].flat().some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  if (writes && !config.auditAction) throw new Error(`write route ${name} declares no auditAction`);
}

function httpMetrics(registry: Registry): {
  requests: Counter<'method' | 'route' | 'status'>;
  duration: Histogram<'method' | 'route'>;
} {
  // A registry shared by two apps (tests) must not register the same metric twice.
  const requests =
    (registry.getSingleMetric('recollect_http_requests_total') as
      Counter<'method' | 'route' | 'status'> | undefined) ??
    new Counter({
      name: 'recollect_http_requests_total',
      help: 'API requests by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
  const duration =
    (registry.getSingleMetric('recollect_http_request_seconds') as
      Histogram<'method' | 'route'> | undefined) ??
    new Histogram({
      name: 'recollect_http_request_seconds',
      help: 'API request duration',
      labelNames: ['method', 'route'],
      registers: [registry],
    });
  return { requests, duration };
}

function registerOpsRoutes(app: FastifyInstance, deps: AppDeps, registry: Registry): void {
  const pub = { permission: 'public' as const };
  app.get(
    '/healthz',
    { config: pub, schema: { tags: ['ops'], summary: 'Liveness and store reachability', security: [] } },
    async (_request, reply) => {
      try {
        await deps.sql.query('SELECT 1');
        return { status: 'ok', store: deps.sql.kind };
      } catch {
        return reply.code(503).send({ status: 'unavailable', store: deps.sql.kind });
      }
    },
  );
  app.get(
    '/metrics',
    { config: pub, schema: { tags: ['ops'], summary: 'Prometheus metrics', security: [] } },
    async (_request, reply) => {
      return reply.type(registry.contentType).send(await registry.metrics());
    },
  );
  app.get(
    '/openapi.json',
    { config: pub, schema: { tags: ['ops'], summary: 'This OpenAPI document', security: [], hide: true } },
    (_request, reply) => reply.send(app.swagger()),
  );
}
