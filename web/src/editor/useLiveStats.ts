import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';
import { useOverlay } from './overlay.ts';

/** While `enabled`, polls the counts of a published version every few seconds and draws them on the nodes. */
export function useLiveStats(scenarioId: string, version: number | null, enabled: boolean) {
  const stats = useQuery({
    queryKey: ['stats', scenarioId, version],
    queryFn: () => api.stats(scenarioId, version!),
    enabled: enabled && version !== null,
    refetchInterval: 4000,
  });
  const setStats = useOverlay((s) => s.setStats);
  useEffect(() => setStats(enabled && stats.data ? stats.data : null), [enabled, stats.data, setStats]);
  useEffect(() => () => setStats(null), [setStats]);
  return stats.error;
}
