/**
 * What every browser suite starts with: the real server (E2e, SQLite) and Chromium, both started
 * before the suite's tests and stopped after them, and the suite's numbered screenshots.
 */
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, Screenshots } from '../support/browser.js';
import { E2e } from '../support/e2e-chat.js';

export interface BrowserSuite {
  readonly e2e: E2e;
  readonly browser: Browser;
  readonly shots: Screenshots;
}

/** Registers the suite's hooks; `e2e` and `browser` may be read once its tests run. */
export function browserSuite(screens: string): BrowserSuite {
  let e2e: E2e | undefined;
  let browser: Browser | undefined;
  before(async () => {
    e2e = await E2e.start('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await e2e?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the browser suite has not started');
    return value;
  };
  return {
    get e2e() {
      return started(e2e);
    },
    get browser() {
      return started(browser);
    },
    shots: new Screenshots(screens),
  };
}
