import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.ts';

export const SEGMENTS_QUERY = ['segments'] as const;

/** The saved segments with their sizes, asked again every second while one is being computed (its size is partial then). */
export const useSegments = (enabled = true) =>
  useQuery({ queryKey: SEGMENTS_QUERY, queryFn: api.segments, enabled, refetchInterval: (query) => (query.state.data?.items.some((s) => s.computing) ? 1000 : false) });
