/**
 * The supervisor console as a test sees it (test/browser/supervisor-console.test.ts,
 * board-cluster.test.ts): signed in through its form in a fresh browser context, its board's
 * parts by role and name, and what the page fetched of the board (it must never poll it).
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

export interface ConsolePage {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Every `GET /parley/v1/board` the page made, and every navigation of its frame. */
  readonly boardGets: string[];
  readonly navigations: string[];
  /** Uncaught exceptions in the page. */
  readonly errors: string[];
  /** The nodes that answered the page (HAProxy's `X-Parley-Node`), in a cluster. */
  readonly nodes: Set<string>;
}

/** A fresh browser (own cookies) signed in at `/supervisor/`; `cookies` are set first (a node pin). */
export async function openConsole(
  browser: Browser,
  base: string,
  userName: string,
  password: string,
  cookies: { name: string; value: string }[] = [],
  /** Runs on the fresh context before the page opens (routes, e.g. its WebSocket). */
  prepare?: (context: BrowserContext) => Promise<void>,
): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  if (cookies.length > 0) await context.addCookies(cookies.map((c) => ({ ...c, url: base })));
  await prepare?.(context);
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  const opened: ConsolePage = { page, context, boardGets: [], navigations: [], errors: [], nodes: new Set() };
  page.on('pageerror', (error) => opened.errors.push(error.message));
  page.on('request', (request) => {
    if (request.method() === 'GET' && new URL(request.url()).pathname === '/parley/v1/board')
      opened.boardGets.push(request.url());
  });
  page.on('response', (response) => {
    const node = response.headers()['x-parley-node'];
    if (node) opened.nodes.add(node);
  });
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) opened.navigations.push(frame.url());
  });
  await page.goto(`${base}/supervisor/`);
  await page.getByRole('heading', { name: 'Supervisor console' }).waitFor();
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return opened;
}

/** Waits until the console is connected and shows the board. */
export async function boardShown(page: Page): Promise<void> {
  await page
    .getByRole('status')
    .filter({ hasText: /^Connected$/ })
    .waitFor();
  await page.getByRole('table', { name: 'Agents' }).waitFor();
}

export const agentsTable = (page: Page) => page.getByRole('table', { name: 'Agents' });
export const queuedTable = (page: Page) => page.getByRole('table', { name: 'Queued chats' });

/** The agents table's row of `userName`. */
export function agentRow(page: Page, userName: string): Locator {
  return agentsTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: userName, exact: true }) });
}

/** Waits until the agent's row shows `state` (Ready, Not Ready, Logged out). */
export async function agentInState(page: Page, userName: string, state: string): Promise<void> {
  await agentRow(page, userName).getByRole('cell', { name: state, exact: true }).waitFor();
}

/** The chat of the agent's row, by its id. */
export const agentChat = (page: Page, userName: string, chatId: string) =>
  agentRow(page, userName).getByRole('listitem').filter({ hasText: chatId });

/** The queued chats' data rows (those with a chat id as row header). */
export const queuedRows = (page: Page) =>
  queuedTable(page)
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader') });

/** The id of the one queued chat, once the board shows it. */
export async function theQueuedChat(page: Page): Promise<string> {
  await queuedRows(page).first().waitFor();
  assert.equal(await queuedRows(page).count(), 1, 'one chat waits');
  return (await queuedRows(page).first().getByRole('rowheader').textContent())?.trim() ?? '';
}

/** Waits (bounded) until the timer shows another value than now: it ticks by itself. */
export async function ticks(timer: Locator): Promise<[string, string]> {
  const first = (await timer.textContent()) ?? '';
  for (const deadline = Date.now() + 3500; Date.now() < deadline;) {
    const now = (await timer.textContent()) ?? '';
    if (now !== first) return [first, now];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the timer stayed at ${first}`);
}
