import { useEffect, useRef, type RefObject } from 'react';

/** Closes a floating box (menu, popover) on a press outside it or on Escape. */
export function useDismiss(box: RefObject<HTMLElement | null>, onClose: () => void): void {
  // The latest callback, so that a new function on each render does not re-register the listeners.
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const onDown = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) close.current();
    };
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close.current();
    window.addEventListener('pointerdown', onDown, true);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('keydown', onKey);
    };
  }, [box]);
}
