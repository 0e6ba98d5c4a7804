import type { FormEvent, ReactNode } from 'react';
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx';

/** The frame of the pages shown before signing in: the brand, a form, the language switch. */
export function AuthCard(props: { onSubmit: (e: FormEvent) => void; children: ReactNode }) {
  return (
    <div className="signin">
      <form onSubmit={props.onSubmit} className="card">
        <div className="brand big">
          <span className="brand-mark">P</span> Parcours
        </div>
        {props.children}
        <LanguageSwitch />
      </form>
    </div>
  );
}

export function FormError(props: { error: string | null }) {
  return props.error ? (
    <div className="callout error" role="alert">
      {props.error}
    </div>
  ) : null;
}
