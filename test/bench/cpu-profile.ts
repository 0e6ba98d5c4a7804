/**
 * Reads a V8 CPU profile (`node --cpu-prof`, e.g. `BENCH_CPU_PROF=<dir> pnpm bench:import`) and prints where the
 * time went: the functions with the most self time, and the inclusive time of the functions named on the command
 * line (a function's time with everything it called, counted once per sample even when it recurses), and for the
 * first of them the tree of what it called (merged by function, to depth TREE_DEPTH, 4 by default).
 *   tsx test/bench/cpu-profile.ts <file.cpuprofile> [function names...]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, ...names] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [function names...]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);

const label = (n: ProfileNode) => {
  const where = n.callFrame.url.replace(/^.*\/(server|shared|node_modules)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${where ? `${where}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
};

const self = new Map<string, number>();
const inclusive = new Map<string, number>(names.map((name) => [name, 0]));
let total = 0;
profile.samples.forEach((id, i) => {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  total += ms;
  const leaf = byId.get(id)!;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
    const name = byId.get(n)!.callFrame.functionName;
    if (inclusive.has(name) && !seen.has(name)) {
      seen.add(name);
      inclusive.set(name, inclusive.get(name)! + ms);
    }
  }
});

const line = (ms: number, what: string) => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${what}`;
console.log(`${file}: ${total.toFixed(0)} ms sampled`);
console.log('self time, top 40:');
for (const [what, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(line(ms, what));
if (names.length > 0) {
  console.log('inclusive time:');
  for (const [what, ms] of inclusive) console.log(line(ms, what));
  printTree(names[0]!, Number(process.env.TREE_DEPTH ?? 4));
}

/** What `root` called, merged by function over every place it appears (its outermost calls only), pruned under 0.2 %. */
function printTree(root: string, depth: number): void {
  interface Tree {
    ms: number;
    children: Map<string, Tree>;
  }
  const top: Tree = { ms: 0, children: new Map() };
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const stack: ProfileNode[] = [];
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) stack.push(byId.get(n)!);
    const at = stack.findLastIndex((n) => n.callFrame.functionName === root);
    if (at < 0) return;
    top.ms += ms;
    let tree = top;
    for (const n of stack.slice(Math.max(0, at - depth), at).reverse()) {
      const key = label(n);
      let child = tree.children.get(key);
      if (!child) tree.children.set(key, (child = { ms: 0, children: new Map() }));
      child.ms += ms;
      tree = child;
    }
  });
  console.log(`what ${root} called (${top.ms.toFixed(0)} ms):`);
  const walk = (tree: Tree, indent: string) => {
    for (const [what, child] of [...tree.children].sort((a, b) => b[1].ms - a[1].ms)) {
      if (child.ms < total * 0.002) continue;
      console.log(line(child.ms, indent + what));
      walk(child, indent + '  ');
    }
  };
  walk(top, '');
}

