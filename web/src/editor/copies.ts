/** `base`, or `base-2`, `base-3`… whichever is free. */
export function uniqueId(base: string, taken: Set<string>): string {
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base.slice(0, 55)}-${i}`;
  return id;
}

/** A copy of a scenario document beside the original: a free id derived from its own, and "(copy)" after its name. */
export function asCopy<T extends { id: string; name: string }>(scenario: T, taken: Set<string>): T {
  return { ...scenario, id: uniqueId(`${scenario.id.slice(0, 70)}-copy`, taken), name: `${scenario.name} (copy)` };
}
