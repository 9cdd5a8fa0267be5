/**
 * Reads a V8 CPU profile written by `npm run bench -- --profile` (.bench/profiles/<server>/) and
 * prints where the busy time went: by function (self time) and by file (inclusive time), with
 * idle time left out of the percentages, so a server that idled half the run still shows what its
 * work consisted of.
 *
 *   node --import tsx bench/profile-summary.ts .bench/profiles/parley-hub/CPU.….cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

const [path, topText] = process.argv.slice(2);
if (path === undefined) {
  process.stderr.write('usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [top]\n');
  process.exit(2);
}
const top = Number(topText ?? 25);
const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;

const shortFile = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\/.*/, '$1')
    .replace(/.*?\/(src|bench)\//, '$1/') || '(native)';

const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);

const timeByNode = new Map<number, number>();
profile.samples.forEach((id, index) => {
  timeByNode.set(id, (timeByNode.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});

const self = new Map<string, number>();
const byFile = new Map<string, number>();
let busy = 0;
for (const [id, micros] of timeByNode) {
  const frame = nodes.get(id)!.callFrame;
  if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue;
  busy += micros;
  const name = `${frame.functionName || '(anonymous)'}  ${shortFile(frame.url)}:${frame.lineNumber + 1}`;
  self.set(name, (self.get(name) ?? 0) + micros);
  const files = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const url = nodes.get(at)!.callFrame.url;
    if (url !== '') files.add(shortFile(url));
  }
  for (const file of files) byFile.set(file, (byFile.get(file) ?? 0) + micros);
}

function print(title: string, entries: Map<string, number>): void {
  process.stdout.write(`\n${title}\n`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const share = ((100 * micros) / Math.max(1, busy)).toFixed(1).padStart(5);
    process.stdout.write(`${share}%  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}\n`);
  }
}

process.stdout.write(`busy: ${(busy / 1000).toFixed(0)} ms (idle and "(program)" left out)\n`);
print('Self time by function', self);
print('Inclusive time by file', byFile);
