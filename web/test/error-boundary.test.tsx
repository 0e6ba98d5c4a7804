// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { ErrorBoundary } from '../src/ui/ErrorBoundary.tsx';

function Broken(): never {
  throw new Error('config.cases is not iterable');
}

describe('error boundary', () => {
  afterEach(cleanup);

  it('shows what failed instead of a blank page, and recovers on navigation', () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { rerender } = render(
      <ErrorBoundary resetKey="#/scenarios/a">
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toMatch(/failed to display.*config\.cases is not iterable/);
    rerender(
      <ErrorBoundary resetKey="#/contacts">
        <p>Contacts</p>
      </ErrorBoundary>,
    );
    expect(screen.getByText('Contacts')).toBeTruthy();
    quiet.mockRestore();
  });
});
