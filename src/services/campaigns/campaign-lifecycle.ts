/**
 * Campaign states and the operator actions between them, as data. `stopped` and `completed` are terminal:
 * a stopped campaign's history stays readable, and running it again means creating a new campaign, so
 * statistics never mix two runs. Edits are allowed while nothing is dialling (draft, paused).
 */

export const campaignStatuses = ['draft', 'running', 'paused', 'stopped', 'completed'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const campaignActions = ['start', 'pause', 'resume', 'stop'] as const;
export type CampaignAction = (typeof campaignActions)[number];

const transitions: Record<
  CampaignAction,
  { readonly from: readonly CampaignStatus[]; readonly to: CampaignStatus }
> = {
  start: { from: ['draft'], to: 'running' },
  pause: { from: ['running'], to: 'paused' },
  resume: { from: ['paused'], to: 'running' },
  stop: { from: ['draft', 'running', 'paused'], to: 'stopped' },
};

export function transitionFor(action: CampaignAction): {
  readonly from: readonly CampaignStatus[];
  readonly to: CampaignStatus;
} {
  return transitions[action];
}

export const editableStatuses: readonly CampaignStatus[] = ['draft', 'paused'];
