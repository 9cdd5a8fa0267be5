// Builds the console (web/) into dist/web with Vite: the pages, then the widget script.
// `npm start`, `npm test` and `npm run build` call this through build-if-needed.mjs.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildWeb() {
  const { build } = await import('vite');
  const configFile = join(root, 'web', 'vite.config.ts');
  await build({ configFile, mode: 'production' });
  await build({ configFile, mode: 'widget' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildWeb();
