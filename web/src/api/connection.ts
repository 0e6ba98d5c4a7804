import { useSyncExternalStore } from 'react';

/** Whether the last API call reached the server: drives the "connection lost" banner. */
let online = true;
const listeners = new Set<() => void>();

export const connection = {
  report(reached: boolean) {
    if (reached === online) return;
    online = reached;
    for (const l of listeners) l();
  },
  get online() {
    return online;
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export function useOnline(): boolean {
  return useSyncExternalStore(connection.subscribe, () => online);
}
