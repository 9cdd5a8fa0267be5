// Compiles src/ to dist/ when any source file is newer than the last build (`npm start` and the
// CLI call this, so a fresh clone needs only `npm install`), and builds the console (web/ →
// dist/web, Vite) the same way for `npm start`, `npm test` and `npm install` (`prepare`).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export function buildIfNeeded() {
  // An installed package (npm pack) ships a built dist/ and no src/: nothing to build.
  if (!existsSync(join(root, 'src'))) return;
  const stamp = join(root, 'dist', '.tsbuildinfo');
  const sourcesChanged = Math.max(newest(join(root, 'src')), statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesChanged) return;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error('parley: build failed');
    process.exit(result.status ?? 1);
  }
  // tsc leaves the build info untouched when nothing changed; mark this check as done.
  if (existsSync(stamp)) utimesSync(stamp, new Date(), new Date());
}

/** Builds web/ into dist/web when a console source is newer than the last console build. */
export async function buildWebIfNeeded() {
  // An installed package ships dist/web and no web/.
  if (!existsSync(join(root, 'web'))) return;
  const stamp = join(root, 'dist', 'web', '.built');
  const sourcesChanged = Math.max(newest(join(root, 'web')), statSync(join(root, 'package.json')).mtimeMs);
  if (existsSync(stamp) && statSync(stamp).mtimeMs >= sourcesChanged) return;
  const { buildWeb } = await import('./build-web.mjs');
  await buildWeb();
  writeFileSync(stamp, new Date().toISOString() + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  buildIfNeeded();
  await buildWebIfNeeded();
}
