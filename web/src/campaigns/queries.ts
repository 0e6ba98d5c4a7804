import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';

export const CAMPAIGNS_QUERY = ['campaigns'] as const;

export const useCampaigns = () => useQuery({ queryKey: CAMPAIGNS_QUERY, queryFn: api.campaigns });

/** A campaign's runs, asked again every 2 seconds while one is under way (its counts move). */
export const useCampaignRuns = (id: string) =>
  useQuery({ queryKey: ['campaign-runs', id], queryFn: () => api.campaignRuns(id), refetchInterval: (query) => (query.state.data?.items.some((run) => !run.finishedAt) ? 2000 : false) });
