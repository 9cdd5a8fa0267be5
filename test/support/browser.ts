/**
 * Browser tests (issue 14): Debian's Chromium driven by `playwright-core` (never a downloaded
 * browser), axe-core run inside each page, screenshots kept as test artifacts under
 * test-results/screens/, and a second origin that embeds the widget the way a customer's site does.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { binarySkip } from './child-process.js';

export const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** node:test's option: skip (or fail under CI=true) when Debian's chromium is not installed. */
export function chromiumSkip(): { skip?: string } {
  return binarySkip(CHROMIUM, 'Chromium');
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Where the screenshots of a run go: test-results/screens/<suite>/ (git-ignored). */
export const SCREENS_DIR = fileURLToPath(new URL('../../test-results/screens/', import.meta.url));

/** Numbered screenshots of one suite, in the order taken: `03-agent-coached.png`. */
export class Screenshots {
  private count = 0;
  private readonly dir: string;

  constructor(suite: string) {
    this.dir = join(SCREENS_DIR, suite);
    mkdirSync(this.dir, { recursive: true });
  }

  async take(page: Page, name: string): Promise<string> {
    const path = join(this.dir, `${String(++this.count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path, fullPage: true });
    return path;
  }
}

type AxeResults = axe.AxeResults;

/**
 * axe-core in the page (its own copy, injected; nothing fetched): fails on any serious or
 * critical violation, naming each rule and the elements it found.
 */
export async function assertAccessible(page: Page, where: string): Promise<void> {
  // The page's own context (the test's tsconfig has no DOM types): `globalThis` is the window.
  // Evaluated through the DevTools protocol, which the pages' CSP (no inline scripts) allows.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
  const results = (await page.evaluate(() => {
    const inPage = globalThis as unknown as { axe: typeof axe; document: unknown };
    return inPage.axe.run(inPage.document as never, { resultTypes: ['violations'] });
  })) as AxeResults;
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe-core on ${where}`,
  );
}

export interface Site {
  /** The site's origin, e.g. http://127.0.0.1:40123 (another port: another origin). */
  readonly origin: string;
  /** The page that embeds the widget. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * A customer's web site on another origin: web/demo/index.html as served elsewhere, its one
 * script tag pointing at Parley's /widget.js (absolute), plus `attributes` on that tag. `parley`
 * is read at each request, so the site can be started before the server that must allow its
 * origin (PARLEY_CORS_ORIGINS).
 */
export async function embeddingSite(options: {
  parley: () => string;
  attributes?: Record<string, string>;
}): Promise<Site> {
  const demo = readFileSync(fileURLToPath(new URL('../../web/demo/index.html', import.meta.url)), 'utf8');
  assert.ok(demo.includes('src="/widget.js"'), 'the demo page embeds /widget.js');
  const extra = Object.entries(options.attributes ?? {})
    .map(([name, value]) => ` ${name}="${value.replaceAll('"', '&quot;')}"`)
    .join('');
  const server = createServer((request, response) => {
    if (request.url === '/' || request.url === '/index.html') {
      const html = demo.replace('src="/widget.js"', `src="${options.parley()}/widget.js"${extra}`);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: `${origin}/`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
