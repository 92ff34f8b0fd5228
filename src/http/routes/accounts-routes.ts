import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { hasLiveAgentAttempt } from '../../adapters/db/repos/records-query-repo.ts';
import {
  accountInputSchema,
  accountPatchSchema,
  noteInputSchema,
} from '../../services/accounts/account-schema.ts';
import {
  addNote,
  getAccount,
  patchAccount,
  searchAccounts,
  upsertAccount,
} from '../../services/accounts/accounts-service.ts';
import type { AppDeps } from '../app-deps.ts';
import { AuthError, principalOf } from '../auth.ts';
import { fieldsUnder, idParams, q, schemaOf } from '../route-schema.ts';

const searchQuery = z
  .object({
    accountExternalId: q.text(128),
    phone: q.text(40),
    name: q.text(100),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be ISO 3166-1 alpha-2')
      .optional(),
    flag: q.text(40),
    limit: q.limit,
    offset: q.offset,
  })
  .strict();

const accountParams = idParams('accountId');
const tags = ['accounts'];

export function registerAccountRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { sql } = deps;
  const isWorking = deps.isAgentWorking ?? ((_p, accountId: string) => hasLiveAgentAttempt(sql, accountId));

  app.get(
    '/accounts',
    {
      config: { permission: 'accounts:read' },
      schema: { tags, summary: 'Search accounts', querystring: schemaOf(searchQuery) },
    },
    async (request) => {
      return {
        accounts: await fieldsUnder('query', () =>
          searchAccounts(sql, request.query as z.infer<typeof searchQuery>),
        ),
      };
    },
  );

  app.post(
    '/accounts',
    {
      config: { permission: 'accounts:write', auditAction: 'account.upsert' },
      schema: {
        tags,
        summary: 'Create or update an account by accountExternalId',
        body: schemaOf(accountInputSchema),
      },
    },
    async (request, reply) => {
      const result = await fieldsUnder('body', () => upsertAccount(sql, request.body));
      request.auditTarget = result.accountId;
      return reply.code(result.created ? 201 : 200).send(result);
    },
  );

  app.get(
    '/accounts/:accountId',
    {
      config: { permission: 'account:read-one' },
      schema: { tags, summary: 'One account with debts, phones and notes', params: accountParams },
    },
    async (request) => {
      const { accountId } = request.params as { accountId: string };
      const principal = principalOf(request);
      if (principal.role === 'agent' && !(await isWorking(principal, accountId))) {
        throw new AuthError('FORBIDDEN', 403, 'an agent may read only the account it is working');
      }
      return getAccount(sql, accountId);
    },
  );

  app.patch(
    '/accounts/:accountId',
    {
      config: { permission: 'accounts:write', auditAction: 'account.patch' },
      schema: {
        tags,
        summary: 'Change account fields (flags, jurisdiction, language, blocked windows…)',
        params: accountParams,
        body: schemaOf(accountPatchSchema),
      },
    },
    async (request) => {
      const { accountId } = request.params as { accountId: string };
      request.auditTarget = accountId;
      // Lifting a suppression flag must be traceable: the audit row keeps the flags before and after.
      const flagsBefore = (await getAccount(sql, accountId)).flags;
      const updated = await fieldsUnder('body', () => patchAccount(sql, accountId, request.body));
      request.auditDetail = {
        fields: Object.keys(request.body as object),
        flagsBefore,
        flagsAfter: updated.flags,
      };
      return updated;
    },
  );

  app.post(
    '/accounts/:accountId/notes',
    {
      config: { permission: 'accounts:write', auditAction: 'account.note' },
      schema: { tags, summary: 'Add a note', params: accountParams, body: schemaOf(noteInputSchema) },
    },
    async (request, reply) => {
      const { accountId } = request.params as { accountId: string };
      request.auditTarget = accountId;
      return reply.code(201).send(await addNote(sql, accountId, request.body));
    },
  );
}
