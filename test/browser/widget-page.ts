/**
 * The customer widget as a test sees it (test/browser/widget.test.ts): its parts by role and
 * label, its conversation's lines, whether focus went where it should, and what its polling did,
 * counted inside the page through the page's own fetch.
 */
import type { Locator, Page } from 'playwright-core';
import type { Data, Party } from '../support/e2e-chat.js';

export const TITLE = 'Chat with Acme';
export const WIDTHS = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 740 },
] as const;

/** Whether the element becomes the focused one of its document or shadow root (within 2 s). */
export async function focused(locator: Locator): Promise<boolean> {
  for (let deadline = Date.now() + 2000; Date.now() < deadline;) {
    const is = await locator.evaluate(
      (el) => (el.getRootNode() as unknown as { activeElement: unknown }).activeElement === el,
    );
    if (is) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

/** The conversation's lines: [kind, text] with the sender, without the time. */
export const lines = (log: Locator) =>
  log.getByRole('listitem').evaluateAll((items) =>
    items.map((li) => {
      const who = li.querySelector('.who')?.textContent;
      const body = li.querySelector('.body')?.textContent ?? li.textContent;
      return [li.className, who ? `${who}: ${body}` : body];
    }),
  );

interface Polls {
  now: number;
  most: number;
  urls: string[];
}

/**
 * In the page, before the widget loads: the customer API's GETs through the page's own fetch (the
 * one the widget calls), their URLs and the most ever in flight at once.
 */
export function countPolls() {
  const page = globalThis as unknown as {
    fetch: (input: unknown, init?: { method?: string }) => Promise<unknown>;
    parleyPolls: Polls;
  };
  const original = page.fetch.bind(globalThis);
  const polls: Polls = (page.parleyPolls = { now: 0, most: 0, urls: [] });
  page.fetch = async (input, init) => {
    const counted = (init?.method ?? 'GET') === 'GET' && String(input).includes('/api/v2/chats/');
    if (counted) polls.urls.push(String(input));
    if (counted) polls.most = Math.max(polls.most, ++polls.now);
    try {
      return await original(input, init);
    } finally {
      if (counted) polls.now--;
    }
  };
}

/** What this page's widget polled so far (since the page loaded). */
export const pagePolls = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { parleyPolls: Polls }).parleyPolls);

/** Waits until `agent` receives a transcript entry matching `match`. */
export const hears = (agent: Party, match: (m: Data) => boolean, what: string) =>
  agent.until((d) => (d.messages ?? []).some(match), what);

export /** The widget's parts, by role and label (Playwright's locators see into its open shadow root). */
function widget(page: Page) {
  const panel = page.getByRole('dialog', { name: TITLE });
  return {
    launcher: page.getByRole('button', { name: TITLE }),
    panel,
    status: panel.getByRole('status'),
    log: panel.getByRole('log', { name: 'Conversation' }),
    message: panel.getByLabel('Message'),
    button: (name: string) => panel.getByRole('button', { name, exact: true }),
  };
}
