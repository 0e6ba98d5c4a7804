import type { DecidedItem, RenderOptions } from './types.ts';

export const PLACEMENT_ATTRIBUTE = 'data-parcours-placement';

/** The elements that mark placements, and the placement names they ask for (each once, in page order). */
export function placementsIn(root: ParentNode): { elements: HTMLElement[]; names: string[] } {
  const elements = Array.from(root.querySelectorAll<HTMLElement>(`[${PLACEMENT_ATTRIBUTE}]`));
  const names = [...new Set(elements.map((element) => element.getAttribute(PLACEMENT_ATTRIBUTE)!).filter(Boolean))];
  return { elements, names };
}

/**
 * Shows an item in its element: HTML as the server rendered and escaped it, text as text, JSON through the
 * site's callback. False when it was not shown (a JSON item without a callback).
 */
export function show(item: DecidedItem, element: HTMLElement, options: RenderOptions): boolean {
  switch (item.format) {
    case 'html':
      element.innerHTML = String(item.content);
      return true;
    case 'text':
      element.textContent = String(item.content);
      return true;
    case 'json':
      if (!options.onJson) return false;
      options.onJson(item, element);
      return true;
  }
}
