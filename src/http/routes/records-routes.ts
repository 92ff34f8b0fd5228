import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { listAudit } from '../../adapters/db/repos/audit-repo.ts';
import {
  getRecording,
  getTranscript,
  searchAttempts,
  searchPromises,
} from '../../adapters/db/repos/records-query-repo.ts';
import { DISPOSITIONS } from '../../domain/dispositions/dispositions.ts';
import { NotFoundError } from '../../services/accounts/service-errors.ts';
import type { AppDeps } from '../app-deps.ts';
import { idParams, q, schemaOf } from '../route-schema.ts';

/** Read-only views of the call record. Recording and transcript reads are audited (who listened to what). */

const attemptQuery = z
  .object({
    campaignId: q.text(100),
    accountId: q.text(100),
    disposition: z.enum(DISPOSITIONS).optional(),
    status: z.enum(['reserved', 'dialing', 'ringing', 'answered', 'ended']).optional(),
    from: q.instant,
    to: q.instant,
    limit: q.limit,
    offset: q.offset,
  })
  .strict();

const promiseQuery = z
  .object({
    accountId: q.text(100),
    status: z.enum(['open', 'kept', 'broken', 'cancelled']).optional(),
    dueFrom: q.date,
    dueTo: q.date,
    limit: q.limit,
    offset: q.offset,
  })
  .strict();

const explainQuery = z
  .object({
    decisionId: q.text(100),
    accountId: q.text(100),
    campaignId: q.text(100),
    phone: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'must be E.164')
      .optional(),
  })
  .strict()
  .refine((e) => e.decisionId !== undefined || e.accountId !== undefined, {
    message: 'give decisionId or accountId',
    path: ['decisionId'],
  });

const auditQuery = z.object({ action: q.text(100), target: q.text(100), limit: q.limit }).strict();

export function registerRecordRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { sql } = deps;
  const attemptParams = idParams('attemptId');

  app.get(
    '/attempts',
    {
      config: { permission: 'attempts:read' },
      schema: {
        tags: ['attempts'],
        summary: 'Search attempts and their dispositions',
        querystring: schemaOf(attemptQuery),
      },
    },
    async (request) => {
      return { attempts: await searchAttempts(sql, request.query as z.infer<typeof attemptQuery>) };
    },
  );

  app.get(
    '/attempts/:attemptId/recording',
    {
      config: { permission: 'recordings:read', auditAction: 'recording.read' },
      schema: {
        tags: ['attempts'],
        summary: 'Where the recording of an attempt is (audited)',
        params: attemptParams,
      },
    },
    async (request) => {
      const { attemptId } = request.params as { attemptId: string };
      const found = await getRecording(sql, attemptId);
      if (!found?.recordingPath) throw new NotFoundError(`no recording for attempt ${attemptId}`);
      request.auditTarget = attemptId;
      return found;
    },
  );

  app.get(
    '/attempts/:attemptId/transcript',
    {
      config: { permission: 'recordings:read', auditAction: 'transcript.read' },
      schema: {
        tags: ['attempts'],
        summary: 'Conversation turns of an attempt (audited)',
        params: attemptParams,
      },
    },
    async (request) => {
      const { attemptId } = request.params as { attemptId: string };
      const turns = await getTranscript(sql, attemptId);
      if (!turns) throw new NotFoundError(`no attempt ${attemptId}`);
      request.auditTarget = attemptId;
      return { attemptId, turns };
    },
  );

  app.get(
    '/promises',
    {
      config: { permission: 'promises:read' },
      schema: { tags: ['promises'], summary: 'Promises to pay', querystring: schemaOf(promiseQuery) },
    },
    async (request) => {
      return { promises: await searchPromises(sql, request.query as z.infer<typeof promiseQuery>) };
    },
  );

  app.get(
    '/explain',
    {
      config: { permission: 'explain:read' },
      schema: {
        tags: ['compliance'],
        summary: 'Why a dial was (or would be) allowed or blocked',
        querystring: schemaOf(explainQuery),
      },
    },
    async (request, reply) => {
      if (!deps.explain) {
        return reply.code(501).send({
          statusCode: 501,
          error: 'Not Implemented',
          code: 'EXPLAIN_UNAVAILABLE',
          message: 'no compliance explainer is configured in this process',
        });
      }
      const query = request.query as z.infer<typeof explainQuery>;
      const result = await deps.explain({
        decisionId: query.decisionId,
        accountId: query.accountId,
        campaignId: query.campaignId,
        phoneE164: query.phone,
      });
      if (result === undefined) throw new NotFoundError('nothing to explain for this request');
      return result;
    },
  );

  app.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: { tags: ['compliance'], summary: 'Audit log, newest first', querystring: schemaOf(auditQuery) },
    },
    async (request) => {
      return { entries: await listAudit(sql, request.query as z.infer<typeof auditQuery>) };
    },
  );
}
