import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SimulationPanel } from '../src/simulation/SimulationPanel.tsx';
import { useEditor } from '../src/editor/store.ts';
import { problemsOf } from '../src/editor/validation.ts';

/**
 * Renders the simulation panel on the editor's scenario and re-renders it on every store change. The panel reads the
 * saved segments from the server: it needs a query client, like the app (with no server here, it simulates without).
 */
export function renderPanel() {
  const queries = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const view = () => {
    const scenario = useEditor.getState().scenario!;
    return (
      <QueryClientProvider client={queries}>
        <SimulationPanel scenario={scenario} problems={problemsOf(scenario)} />
      </QueryClientProvider>
    );
  };
  const r = render(view());
  const unsubscribe = useEditor.subscribe(() => r.rerender(view()));
  return { ...r, unsubscribe };
}
