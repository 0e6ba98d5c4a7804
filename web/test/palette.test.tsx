// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { NODE_TYPES, type NodeType } from '@parcours/shared';
import { Palette } from '../src/editor/Palette.tsx';

describe('palette', () => {
  afterEach(cleanup);

  it('offers every node type, grouped by family', () => {
    const { container } = render(<Palette onAdd={() => undefined} />);
    const types = [...container.querySelectorAll('.palette-item')].map((e) => e.getAttribute('data-type'));
    expect(types.sort()).toEqual([...NODE_TYPES].sort());
    expect([...container.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['Triggers', 'Waits', 'Branches', 'Actions', 'Goals & exits']);
  });

  it('filters by words of the title or description, and adds with Enter', () => {
    const added: NodeType[] = [];
    const { container } = render(<Palette onAdd={(t) => added.push(t)} />);
    fireEvent.change(screen.getByLabelText('Find a step'), { target: { value: 'time zone' } });
    expect([...container.querySelectorAll('.palette-item')].map((e) => e.getAttribute('data-type'))).toEqual(['wait.until', 'wait.window']);
    fireEvent.keyDown(container.querySelector('[data-type="wait.window"]')!, { key: 'Enter' });
    expect(added).toEqual(['wait.window']);
    fireEvent.change(screen.getByLabelText('Find a step'), { target: { value: 'zzz' } });
    expect(screen.getByText(/No step matches/)).toBeTruthy();
  });

  it('cannot add to a read-only version', () => {
    const added: NodeType[] = [];
    const { container } = render(<Palette onAdd={(t) => added.push(t)} disabled />);
    fireEvent.doubleClick(container.querySelector('[data-type="flow.exit"]')!);
    expect(added).toEqual([]);
    expect(container.querySelector('[data-type="flow.exit"]')!.getAttribute('draggable')).toBe('false');
  });
});
