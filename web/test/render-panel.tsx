import { render } from '@testing-library/react';
import { SimulationPanel } from '../src/simulation/SimulationPanel.tsx';
import { useEditor } from '../src/editor/store.ts';
import { problemsOf } from '../src/editor/validation.ts';

/** Renders the simulation panel on the editor's scenario and re-renders it on every store change. */
export function renderPanel() {
  const view = () => {
    const scenario = useEditor.getState().scenario!;
    return <SimulationPanel scenario={scenario} problems={problemsOf(scenario)} />;
  };
  const r = render(view());
  const unsubscribe = useEditor.subscribe(() => r.rerender(view()));
  return { ...r, unsubscribe };
}
