import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COALESCE_MS, redo, undo, useEditor } from '../src/editor/store.ts';
import { welcomeScenario } from './fixtures.ts';

const state = () => useEditor.getState();
const history = () => useEditor.temporal.getState();

describe('editor store', () => {
  beforeEach(() => state().load(welcomeScenario()));

  it('starts a loaded scenario with an empty history', () => {
    expect(history().pastStates).toHaveLength(0);
    expect(state().scenario?.id).toBe('welcome');
  });

  it('undoes and redoes an added node, and the new node is selected', () => {
    const id = state().addNode('wait.delay', { x: 5, y: 5 });
    expect(state().selection.nodes).toEqual([id]);
    expect(state().scenario?.nodes).toHaveLength(5);
    undo();
    expect(state().scenario?.nodes).toHaveLength(4);
    expect(state().selection.nodes).toEqual([]);
    redo();
    expect(state().scenario?.nodes.map((n) => n.id)).toContain(id);
  });

  it('does not record selection changes as history', () => {
    state().select({ nodes: ['wait'] });
    state().select({ edges: ['e1'] });
    expect(history().pastStates).toHaveLength(0);
    expect(state().selection).toEqual({ nodes: ['wait'], edges: ['e1'] });
  });

  it('deletes the selection in one undoable step', () => {
    state().select({ nodes: ['wait'], edges: ['e3'] });
    state().deleteSelection();
    expect(state().scenario?.edges.map((e) => e.id)).toEqual([]);
    expect(history().pastStates).toHaveLength(1);
    undo();
    expect(state().scenario?.edges).toHaveLength(3);
  });

  it('records a whole drag as one history step', () => {
    state().dragTo({ wait: { x: 10, y: 10 } });
    state().dragTo({ wait: { x: 20, y: 30 } });
    expect(history().pastStates).toHaveLength(0);
    expect(state().scenario?.nodes[1].position).toEqual({ x: 0, y: 150 });
    state().endDrag();
    expect(state().scenario?.nodes[1].position).toEqual({ x: 20, y: 30 });
    expect(history().pastStates).toHaveLength(1);
    undo();
    expect(state().scenario?.nodes[1].position).toEqual({ x: 0, y: 150 });
  });

  it('copies and pastes the selection, selecting the pasted nodes', () => {
    state().select({ nodes: ['wait', 'mail'] });
    state().copySelection();
    state().paste();
    expect(state().selection.nodes).toEqual(['delay-1', 'email-1']);
    // Beside the originals (a card is 240 wide, 40 apart), not on them (issue 13); a second paste goes further along.
    expect(state().scenario?.nodes.find((n) => n.id === 'delay-1')?.position).toEqual({ x: 280, y: 150 });
    state().paste();
    expect(state().scenario?.nodes.find((n) => n.id === 'delay-2')?.position).toEqual({ x: 560, y: 150 });
  });

  it('pastes at a canvas point (the pointer), the group keeping its shape, centred just below the point', () => {
    state().select({ nodes: ['wait', 'mail'] });
    state().copySelection();
    const [wait, mail] = ['wait', 'mail'].map((id) => state().scenario!.nodes.find((n) => n.id === id)!.position);
    state().paste({ x: 1000, y: 500 });
    const left = Math.min(wait.x, mail.x);
    const top = Math.min(wait.y, mail.y);
    // A 240-wide card centred on x, its top 30 above y, as a dropped node lands.
    expect(state().scenario?.nodes.find((n) => n.id === 'delay-1')?.position).toEqual({ x: 880 + wait.x - left, y: 470 + wait.y - top });
    expect(state().scenario?.nodes.find((n) => n.id === 'email-1')?.position).toEqual({ x: 880 + mail.x - left, y: 470 + mail.y - top });
  });

  it('refuses every edit of a read-only version', () => {
    state().load(welcomeScenario(), { readOnly: true });
    expect(state().addNode('flow.exit', { x: 0, y: 0 })).toBeNull();
    state().updateConfig('wait', { duration: '5d' });
    state().select({ nodes: ['wait'] });
    state().deleteSelection();
    state().rename('Other');
    expect(state().scenario).toEqual(welcomeScenario());
    expect(history().pastStates).toHaveLength(0);
  });

  describe('typing', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('merges quick edits of one field into one undo step, but not edits of another node or after a pause', () => {
      for (const d of ['1', '1d', '1d1', '1d12h']) state().updateConfig('wait', { duration: d });
      expect(history().pastStates).toHaveLength(1);
      state().updateConfig('mail', { template: 'welcome-1', onCap: 'defer' });
      expect(history().pastStates).toHaveLength(2);
      vi.advanceTimersByTime(COALESCE_MS + 1);
      state().updateConfig('mail', { template: 'welcome-1', onCap: 'skip' });
      expect(history().pastStates).toHaveLength(3);
      undo();
      undo();
      expect(state().scenario?.nodes[1].config).toEqual({ duration: '1d12h' });
      undo();
      expect(state().scenario?.nodes[1].config).toEqual({ duration: '3d' });
    });
  });

  it('updates a config and undoes it', () => {
    state().updateConfig('wait', { duration: '5d' });
    expect(state().scenario?.nodes[1].config).toEqual({ duration: '5d' });
    undo();
    expect(state().scenario?.nodes[1].config).toEqual({ duration: '3d' });
  });
});
