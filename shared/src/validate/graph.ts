/**
 * Graph walks over node ids. Iterative on purpose: a scenario is untrusted input, and a recursive walk
 * (as in the usual graph libraries) would overflow the stack on a long enough chain of nodes.
 */
export type Successors = (id: string) => readonly string[];

/** Every id reachable from `starts`, the starts included. */
export function reachableFrom(starts: readonly string[], successors: Successors): Set<string> {
  const seen = new Set(starts);
  const queue = [...starts];
  for (let i = 0; i < queue.length; i++) {
    for (const next of successors(queue[i])) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** Tarjan's strongly connected components of the graph restricted to `vertices`. */
export function stronglyConnected(vertices: readonly string[], successors: Successors): string[][] {
  const inGraph = new Set(vertices);
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (id: string) => {
    order.set(id, order.size);
    low.set(id, order.get(id)!);
    stack.push(id);
    onStack.add(id);
  };
  for (const root of vertices) {
    if (order.has(root)) continue;
    visit(root);
    const frames = [{ id: root, targets: successors(root).filter((t) => inGraph.has(t)), next: 0 }];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      if (frame.next < frame.targets.length) {
        const target = frame.targets[frame.next++];
        if (!order.has(target)) {
          visit(target);
          frames.push({ id: target, targets: successors(target).filter((t) => inGraph.has(t)), next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, order.get(target)!));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id)!, low.get(frame.id)!));
      if (low.get(frame.id) === order.get(frame.id)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.id);
        components.push(component);
      }
    }
  }
  return components;
}

/** A shortest cycle from `start` back to itself that stays inside `within`, as ids (start first); [] if none. */
export function cycleThrough(start: string, within: ReadonlySet<string>, successors: Successors): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const next of successors(queue[i])) {
      if (!within.has(next)) continue;
      if (next === start) {
        const path = [queue[i]];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0])!);
        return path;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, queue[i]);
        queue.push(next);
      }
    }
  }
  return [];
}
