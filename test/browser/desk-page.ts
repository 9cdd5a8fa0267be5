/**
 * The agent desk (`/agent/`) as its browser tests see it (agent-desk*.test.ts): the real server
 * (E2e, SQLite), Chromium, a fresh browser context per desk, the desk's parts by role and name, and
 * API-level customers and helpers. `deskRig` registers the suite's hooks: afterwards nobody stays
 * Ready for the next test's customers, and no page threw.
 */
import assert from 'node:assert/strict';
import { afterEach } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { Screenshots } from '../support/browser.js';
import type { Data, Party } from '../support/e2e-chat.js';
import type { E2e } from '../support/e2e-chat.js';
import { Customer } from '../support/e2e-chat.js';
import { basicHeader } from '../support/server-process.js';
import { browserSuite } from './suite.js';

export const PASSWORD = 'desk-password';
export const TITLE = 'Parley — Agent desk';

/** Re-reads `read` until `ok` holds (bounded); returns the last value. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls the customer API until a message matching `match` has arrived. */
export async function customerReceives(customer: Customer, what: string, match: (m: Data) => boolean) {
  await eventually(
    async () => (await customer.poll(), customer.polled),
    (all) => all.some(match),
    `${customer.nickname} to receive ${what}`,
  );
}

/** Waits for a `role` element (status, alert, listitem…) in `scope` showing `text`. */
export const shown = (scope: Page | Locator, role: 'status' | 'alert' | 'listitem', text: string | RegExp) =>
  scope.getByRole(role).filter({ hasText: text }).waitFor();

export const fromAgent = (m: Data) => (m.from as Data | undefined)?.type === 'Agent';
export const joinedAs = (nickname: string) => (m: Data) =>
  m.type === 'ParticipantJoined' && (m.from as Data).nickname === nickname;
export const succeeded = (body: Data) => assert.equal(body.statusCode, 0, JSON.stringify(body));

/** The computed background of a line, in the page (the tests' tsconfig has no DOM types). */
export const background = (line: Locator) =>
  line.evaluate((el) => {
    const page = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
    return page.getComputedStyle(el).backgroundColor;
  });

export const basic = (name: string) => ({ authorization: basicHeader(name, PASSWORD) });
export const channelIs = (page: Page, state: string) => shown(page, 'status', `Chat channel: ${state}`);

export async function goReady(page: Page, state: 'Ready' | 'Not Ready' = 'Ready') {
  await page.getByRole('button', { name: state, exact: true }).click();
  await channelIs(page, state);
  const pressed = page.getByRole('button', { name: state, exact: true });
  assert.equal(await pressed.getAttribute('aria-pressed'), 'true');
}

export const offerFrom = (page: Page, nickname: string) =>
  page.getByRole('region', { name: `Incoming chat from ${nickname}`, exact: true });
export const panelOf = (page: Page, nickname: string) =>
  page.getByRole('region', { name: nickname, exact: true });
export const lines = (panel: Locator, nickname: string) =>
  panel.getByRole('list', { name: `Transcript with ${nickname}` }).getByRole('listitem');
export const says = (panel: Locator, nickname: string, text: string) =>
  lines(panel, nickname).filter({ hasText: text }).waitFor();
export const people = (panel: Locator, nickname: string) =>
  panel.getByRole('list', { name: `Participants in the chat with ${nickname}` }).getByRole('listitem');
export const notes = (panel: Locator) =>
  panel.getByRole('list', { name: 'Supervision and consultation' }).getByRole('listitem').allInnerTexts();

export async function accept(page: Page, nickname: string): Promise<Locator> {
  await offerFrom(page, nickname).getByRole('button', { name: 'Accept' }).click();
  const panel = panelOf(page, nickname);
  await shown(panel, 'listitem', `${nickname} (customer)`);
  assert.equal(await offerFrom(page, nickname).count(), 0, 'the offer card is gone');
  return panel;
}

/** An API-level agent, Ready, that takes the next chat offered to it and goes Not Ready. */
export async function helperTakes(helper: Party, subject: string, nickname = 'Hal'): Promise<string> {
  const [invited] = (await helper.until((d) => d.chat?.state === 'Invited', 'an offer')).slice(-1);
  assert.equal((invited?.chat?.userData as Data).Subject, subject);
  const chatId = invited?.chat?.id as string;
  succeeded(await helper.operate(chatId, { operationName: 'Accept', nickname }));
  await helper.ready('NotReady');
  return chatId;
}

export interface DeskRig {
  readonly e2e: E2e;
  readonly shots: Screenshots;
  /** API-level agents made Not Ready after each test. */
  readonly helpers: Party[];
  /** A desk user (ROLE_AGENT), whose contact-center session ends after the test. */
  deskAgent(prefix: string): Promise<{ name: string; id: string }>;
  /** A fresh browser context (1280×900) at `/agent/`. */
  openPage(): Promise<Page>;
  signIn(page: Page, name: string): Promise<void>;
}

/** Starts the server and Chromium for a suite (its screenshots under `screens`) and cleans up after each test. */
export function deskRig(screens: string): DeskRig {
  const suite = browserSuite(screens);
  const contexts: BrowserContext[] = [];
  const deskAgents: string[] = [];
  const helpers: Party[] = [];
  const pageErrors: string[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    for (const name of deskAgents.splice(0))
      await suite.e2e.request('POST', '/api/v2/me', basic(name), {
        operationName: 'EndContactCenterSession',
      });
    for (const helper of helpers.splice(0)) await helper.ready('NotReady');
    assert.deepEqual(pageErrors.splice(0), [], 'no uncaught error in the page');
  });
  return {
    get e2e() {
      return suite.e2e;
    },
    shots: suite.shots,
    helpers,
    async deskAgent(prefix) {
      const name = suite.e2e.name(prefix);
      const id = await suite.e2e.createUser(name, ['ROLE_AGENT'], PASSWORD);
      deskAgents.push(name);
      return { name, id };
    },
    async openPage() {
      const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
      contexts.push(context);
      context.setDefaultTimeout(8000); // bounded waits: a missing element fails fast
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.goto(`${suite.e2e.url}/agent/`);
      return page;
    },
    async signIn(page, name) {
      await page.getByLabel('User name').fill(name);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await channelIs(page, 'Not Ready');
      await shown(page, 'status', /^Connected$/);
    },
  };
}

export { Customer };
