/**
 * `tsx scripts/bench/cpu-profile-summary.ts <file.cpuprofile> [top] [skip-ms]`: the functions of a
 * `node --cpu-prof` profile by self time and by inclusive time (each function counted once
 * per sample, however deep the recursion), as shares of all samples; idle and GC shown
 * apart. What docs/performance.md quotes.
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

const [file, topArg = '30', skipArg = '0'] = process.argv.slice(2);
if (!file) throw new Error('usage: cpu-profile-summary <file.cpuprofile> [top] [skip-ms]');
const loaded = JSON.parse(readFileSync(file, 'utf8')) as Profile;
// Samples of the first `skip-ms` (the server starting: modules loading) are left out.
let elapsedUs = 0;
const profile: Profile = {
  ...loaded,
  samples: loaded.samples.filter(
    (_, i) => (elapsedUs += loaded.timeDeltas[i] ?? 0) >= Number(skipArg) * 1000,
  ),
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const label = (n: ProfileNode) => {
  const url = n.callFrame.url.replace(/^.*\/(node_modules|dist)\//, '$1/');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const id of profile.samples) {
  const node = byId.get(id)!;
  self.set(label(node), (self.get(label(node)) ?? 0) + 1);
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const l = label(byId.get(cur)!);
    if (!seen.has(l)) inclusive.set(l, (inclusive.get(l) ?? 0) + 1);
    seen.add(l);
  }
}
const total = profile.samples.length;
const idle = [...self].filter(([l]) => l.startsWith('(idle)')).reduce((s, [, n]) => s + n, 0);
const busy = total - idle;
const show = (title: string, m: Map<string, number>) => {
  process.stdout.write(`${title} (% of busy samples: ${busy} of ${total})\n`);
  for (const [l, n] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) {
    if (l.startsWith('(idle)') || l.startsWith('(root)')) continue;
    process.stdout.write(`${((100 * n) / busy).toFixed(1).padStart(6)} %  ${l}\n`);
  }
};
show('Self time', self);
show('Inclusive time', inclusive);
