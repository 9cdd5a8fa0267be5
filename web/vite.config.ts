/**
 * The console's build (issue 14): the pages served from Parley's own origin — `/` (sign in),
 * `/agent/`, `/supervisor/`, `/demo/` — into dist/web, and the embeddable customer widget as one
 * self-contained script, dist/web/widget.js (`build.lib`, IIFE: one script tag on any site).
 * scripts/build-web.mjs runs both (`--mode widget` for the widget); no network, no CDN.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;
const outDir = resolve(root, '../dist/web');
export default defineConfig(({ mode }) => ({
  root,
  base: '/',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  define: { 'process.env.NODE_ENV': '"production"' },
  build:
    mode === 'widget'
      ? {
          outDir,
          emptyOutDir: false,
          lib: {
            entry: resolve(root, 'src/widget/main.tsx'),
            formats: ['iife'],
            name: 'ParleyWidget',
            fileName: () => 'widget.js',
          },
        }
      : {
          outDir,
          emptyOutDir: true,
          rollupOptions: {
            input: {
              index: resolve(root, 'index.html'),
              agent: resolve(root, 'agent/index.html'),
              supervisor: resolve(root, 'supervisor/index.html'),
              demo: resolve(root, 'demo/index.html'),
            },
          },
        },
}));
