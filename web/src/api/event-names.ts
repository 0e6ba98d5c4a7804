import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';

/** The event names contacts did lately, for the builders' suggestions; a minute old is fresh enough for that. */
export const useEventNames = (enabled = true) => useQuery({ queryKey: ['event-names'], queryFn: api.eventNames, enabled, staleTime: 60_000 });

/** The names a form already uses first (they are the ones to stay consistent with), then those contacts did lately. */
export const withSeenEvents = (own: string[], seen: { names: Array<{ name: string }> } | undefined): string[] => [
  ...own,
  ...(seen?.names ?? []).map((n) => n.name).filter((name) => !own.includes(name)),
];
