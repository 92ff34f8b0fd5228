import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { getImport, listImports } from '../../adapters/db/repos/imports-repo.ts';
import { NotFoundError } from '../../services/accounts/service-errors.ts';
import { importCsv, importJson } from '../../services/imports/import-accounts.ts';
import type { AppDeps } from '../app-deps.ts';
import { idParams, q, schemaOf } from '../route-schema.ts';

/**
 * POST /imports takes either `text/csv` (the documented column set, docs/imports.md) or JSON
 * `{source?, accounts: [...]}`. Items are validated one by one by the importer (each with its row number),
 * so the route schema checks only the envelope: one bad account must not refuse the whole batch.
 */
const jsonImport = z
  .object({
    source: z.string().trim().min(1).max(200).optional(),
    accounts: z.array(z.record(z.string(), z.unknown())).min(1).max(100_000),
  })
  .strict();
const csvBody = z.string().min(1, 'the CSV body is empty');
const csvQuery = z.object({ source: q.text(200) }).strict();
const tags = ['imports'];

export function registerImportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { sql } = deps;
  // Uploads are larger than API calls: 50 MiB by default (≈ 250 000 rows), the rest of the API keeps 1 MiB.
  const bodyLimit = deps.bodyLimitBytes ?? 50 * 1024 * 1024;
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit },
    (_req, body, done) => done(null, body),
  );

  app.post(
    '/imports',
    {
      config: { permission: 'imports:write', auditAction: 'import.create' },
      bodyLimit,
      schema: {
        tags,
        summary: 'Import accounts from CSV (text/csv) or JSON; per-row errors in the summary',
        querystring: schemaOf(csvQuery),
        body: {
          content: {
            'application/json': { schema: schemaOf(jsonImport) },
            'text/csv': { schema: schemaOf(csvBody) },
          },
        },
      },
    },
    async (request, reply) => {
      const query = request.query as z.infer<typeof csvQuery>;
      const type = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      let result;
      if (type === 'text/csv' || type === 'application/csv')
        result = await importCsv(sql, request.body as string, query.source ?? 'csv');
      else if (type === 'application/json') {
        const body = request.body as z.infer<typeof jsonImport>;
        result = await importJson(sql, body.accounts, body.source ?? query.source ?? 'api');
      } else {
        return reply.code(415).send({
          statusCode: 415,
          error: 'Unsupported Media Type',
          code: 'UNSUPPORTED_MEDIA_TYPE',
          message: 'send text/csv or application/json',
        });
      }
      request.auditTarget = result.importId;
      request.auditDetail = {
        source: result.source,
        rowsTotal: result.rowsTotal,
        rowsOk: result.rowsOk,
        rowsFailed: result.rowsFailed,
      };
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/imports',
    {
      config: { permission: 'imports:read' },
      schema: {
        tags,
        summary: 'Recent imports',
        querystring: schemaOf(z.object({ limit: q.limit, offset: q.offset }).strict()),
      },
    },
    async (request) => {
      const { limit, offset } = request.query as { limit: number; offset: number };
      return { imports: await listImports(sql, limit, offset) };
    },
  );

  app.get(
    '/imports/:importId',
    {
      config: { permission: 'imports:read' },
      schema: { tags, summary: 'One import summary with its row errors', params: idParams('importId') },
    },
    async (request) => {
      const { importId } = request.params as { importId: string };
      const found = await getImport(sql, importId);
      if (!found) throw new NotFoundError(`no import ${importId}`);
      return found;
    },
  );
}
