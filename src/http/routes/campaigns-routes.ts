import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import {
  campaignActions,
  campaignStatuses,
  type CampaignAction,
} from '../../services/campaigns/campaign-lifecycle.ts';
import { campaignCreateSchema, campaignUpdateSchema } from '../../services/campaigns/campaign-schema.ts';
import {
  campaignStats,
  changeCampaignStatus,
  createCampaign,
  getCampaign,
  listCampaigns,
  updateCampaign,
} from '../../services/campaigns/campaigns-service.ts';
import { selectCampaignAccounts } from '../../services/campaigns/select-campaign-accounts.ts';
import type { AppDeps } from '../app-deps.ts';
import { fieldsUnder, idParams, q, schemaOf } from '../route-schema.ts';

const listQuery = z
  .object({ status: z.enum(campaignStatuses).optional(), limit: q.limit, offset: q.offset })
  .strict();
const campaignParams = idParams('campaignId');
const worklistQuery = z.object({ limit: q.limit }).strict();
const emptyBody = schemaOf(z.object({}).strict().optional().nullable());
const tags = ['campaigns'];

export function registerCampaignRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { sql } = deps;
  const opts = { knownTrunks: deps.config.trunks.map((t) => t.name) };

  app.get(
    '/campaigns',
    {
      config: { permission: 'campaigns:read' },
      schema: { tags, summary: 'List campaigns', querystring: schemaOf(listQuery) },
    },
    async (request) => {
      return { campaigns: await listCampaigns(sql, request.query as z.infer<typeof listQuery>) };
    },
  );

  app.post(
    '/campaigns',
    {
      config: { permission: 'campaigns:write', auditAction: 'campaign.create' },
      schema: { tags, summary: 'Create a campaign (status draft)', body: schemaOf(campaignCreateSchema) },
    },
    async (request, reply) => {
      const created = await fieldsUnder('body', () => createCampaign(sql, request.body, opts));
      request.auditTarget = created.campaignId;
      return reply.code(201).send(created);
    },
  );

  app.get(
    '/campaigns/:campaignId',
    {
      config: { permission: 'campaigns:read' },
      schema: { tags, summary: 'One campaign', params: campaignParams },
    },
    async (request) => {
      return getCampaign(sql, (request.params as { campaignId: string }).campaignId);
    },
  );

  app.patch(
    '/campaigns/:campaignId',
    {
      config: { permission: 'campaigns:write', auditAction: 'campaign.update' },
      schema: {
        tags,
        summary: 'Change a draft or paused campaign (409 while running)',
        params: campaignParams,
        body: schemaOf(campaignUpdateSchema),
      },
    },
    async (request) => {
      const { campaignId } = request.params as { campaignId: string };
      request.auditTarget = campaignId;
      return fieldsUnder('body', () => updateCampaign(sql, campaignId, request.body, opts));
    },
  );

  for (const action of campaignActions) {
    app.post(
      `/campaigns/:campaignId/${action}`,
      {
        config: { permission: 'campaigns:write', auditAction: `campaign.${action}` },
        schema: {
          tags,
          summary: `${action} the campaign (409 when not allowed from its status)`,
          params: campaignParams,
          body: emptyBody,
        },
      },
      async (request) => {
        const { campaignId } = request.params as { campaignId: string };
        request.auditTarget = campaignId;
        return changeCampaignStatus(sql, campaignId, action satisfies CampaignAction);
      },
    );
  }

  app.get(
    '/campaigns/:campaignId/worklist',
    {
      config: { permission: 'accounts:read' },
      schema: {
        tags,
        summary:
          'The accounts the campaign selects now, in dialling order (days past due, balance), with matching debts and callable phones; the compliance engine still decides each dial',
        params: campaignParams,
        querystring: schemaOf(worklistQuery),
      },
    },
    async (request) => {
      const { campaignId } = request.params as { campaignId: string };
      const { limit } = request.query as z.infer<typeof worklistQuery>;
      const campaign = await getCampaign(sql, campaignId);
      return { campaignId, accounts: await selectCampaignAccounts(sql, campaign, limit ?? 50) };
    },
  );

  app.get(
    '/campaigns/:campaignId/stats',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        tags,
        summary: 'Counts from the attempt record plus live dialer figures',
        params: campaignParams,
      },
    },
    async (request) =>
      campaignStats(sql, (request.params as { campaignId: string }).campaignId, deps.liveStats),
  );
}
