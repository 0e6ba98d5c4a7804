import type { ReactNode } from 'react';

/** A button for a change that cannot be taken back (revoke, delete, cancel): it acts only once the question is accepted. */
export function ConfirmButton({ question, onConfirm, disabled, children }: { question: string; onConfirm: () => void; disabled?: boolean; children: ReactNode }) {
  return (
    <button type="button" className="link danger" disabled={disabled} onClick={() => window.confirm(question) && onConfirm()}>
      {children}
    </button>
  );
}
