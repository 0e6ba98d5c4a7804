/**
 * Reads a V8 CPU profile (`node --cpu-prof`, e.g. `BENCH_CPU_PROF=<dir> pnpm bench:import`) and prints where the
 * time went (see `summary`), and for a function named on the command line the tree of what it called (merged by
 * function, to depth TREE_DEPTH, 4 by default; branches under TREE_PRUNE of the profile, 0.002 by default, left out).
 *   tsx test/bench/cpu-profile.ts <file.cpuprofile> [function name]
 */
import { readFileSync } from 'node:fs';
import { frameName as label, profileIndex, summary, type Profile, type ProfileNode } from '../support/cpu-profile.ts';

const [file, root] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [function name]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const { byId, parent } = profileIndex(profile);
const total = profile.timeDeltas.reduce((sum, dt) => sum + dt, 0) / 1000;

const line = (ms: number, what: string) => `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total).toFixed(1).padStart(5)} %  ${what}`;
console.log(`${file}: ${total.toFixed(0)} ms sampled`);
console.log(summary(profile, 40));
if (root) printTree(root, Number(process.env.TREE_DEPTH ?? 4));

/** What `root` called, merged by function over every place it appears (its outermost calls only), pruned under TREE_PRUNE. */
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
      if (child.ms < total * Number(process.env.TREE_PRUNE ?? 0.002)) continue;
      console.log(line(child.ms, indent + what));
      walk(child, indent + '  ');
    }
  };
  walk(top, '');
}

