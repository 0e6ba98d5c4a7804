import { useState, type FormEvent } from 'react';
import { describeError } from '../api/errors.ts';

/** A form's submit handler around one async action: busy while it runs, its failure in words. */
export function useSubmit(action: () => Promise<void>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
    }
  };
  return { submit, busy, error, setError };
}
