/**
 * The agent desk by keyboard alone, and steady while a chat streams in. An agent signs in, goes
 * Ready, accepts, answers and completes with Tab, Enter and Space only; focus moves through the
 * page in reading order (top to bottom, then left to right), never into something hidden. While a
 * customer types and sends a burst of messages, nothing on the page moves (the Layout Instability
 * API's layout shifts stay at zero, the composer stays where it was), and an agent who scrolled up
 * in the transcript to read keeps its place until it scrolls back down.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { assertAccessible, chromiumSkip } from '../support/browser.js';
import {
  Customer,
  deskRig,
  eventually,
  offerFrom,
  PASSWORD,
  panelOf,
  says,
  shown,
  succeeded,
} from './desk-page.js';

/** What has focus: its accessible name (or label) and its box, read in the page. */
interface Focused {
  readonly name: string;
  readonly top: number;
  readonly left: number;
  readonly visible: boolean;
}

const focused = (page: Page): Promise<Focused> =>
  page.evaluate(() => {
    type El = {
      getAttribute(n: string): string | null;
      getBoundingClientRect(): { top: number; left: number; width: number; height: number };
      textContent: string | null;
      tagName: string;
      labels?: { textContent: string | null }[];
      checkVisibility?(): boolean;
    };
    const el = (globalThis as unknown as { document: { activeElement: El | null } }).document.activeElement;
    if (!el) return { name: '(none)', top: 0, left: 0, visible: false };
    const box = el.getBoundingClientRect();
    const label = el.labels?.[0]?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '';
    return {
      name: `${el.tagName.toLowerCase()} ${label.trim().replace(/\s+/g, ' ').slice(0, 40)}`,
      top: Math.round(box.top + (globalThis as unknown as { scrollY: number }).scrollY),
      left: Math.round(box.left),
      visible: box.width > 0 && box.height > 0 && (el.checkVisibility?.() ?? true),
    };
  });

/** Presses Tab until `name` has focus (bounded), returning every stop on the way, that one included. */
async function tabTo(page: Page, name: RegExp, limit = 40): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    // The first Tab of a fresh headless page may only bring focus into the document.
    if (now.name.startsWith('body') && stops.length === 0) continue;
    stops.push(now);
    if (name.test(now.name)) return stops;
  }
  throw new Error(`${String(name)} not reached by Tab: ${stops.map((s) => s.name).join(' → ')}`);
}

/**
 * Reading order: each stop is below the one before, or on its row (within `row` px) and to its
 * right. Panels side by side are read one after the other, so a new panel may start higher up.
 */
function inReadingOrder(stops: readonly Focused[], row = 12): void {
  for (const s of stops) assert.ok(s.visible, `focus reached something hidden: ${s.name}`);
  for (let i = 1; i < stops.length; i++) {
    const [a, b] = [stops[i - 1] as Focused, stops[i] as Focused];
    const sameRow = Math.abs(a.top - b.top) <= row;
    const ok = sameRow ? b.left > a.left : b.top > a.top;
    assert.ok(ok, `focus went from ${a.name} (${a.top},${a.left}) back to ${b.name} (${b.top},${b.left})`);
  }
}

/** Starts counting layout shifts in the page (buffered: the shifts so far are dropped first). */
const countShifts = (page: Page) =>
  page.evaluate(() => {
    const g = globalThis as unknown as { shifts: number; PerformanceObserver: typeof PerformanceObserver };
    g.shifts = 0;
    new g.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) g.shifts += (entry as unknown as { value: number }).value;
    }).observe({ type: 'layout-shift' as never });
  });
const shifts = (page: Page) => page.evaluate(() => (globalThis as unknown as { shifts: number }).shifts);
const box = async (l: Locator) => {
  const b = await l.boundingBox();
  assert.ok(b);
  return b;
};

describe('the agent desk by keyboard, and steady while messages stream', chromiumSkip(), () => {
  const rig = deskRig('agent-desk-keyboard');

  test('sign in, go Ready, accept, answer and complete by keyboard; focus in reading order', async () => {
    const { name } = await rig.deskAgent('kb');
    const page = await rig.openPage();
    const form = await tabTo(page, /^button Sign in/);
    assert.deepEqual(
      form.map((s) => s.name),
      ['input User name', 'input Password', 'button Sign in'],
    );
    inReadingOrder(form);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await shown(page, 'status', 'Chat channel: Not Ready');
    await tabTo(page, /^button Ready$/);
    await page.keyboard.press('Space');
    await shown(page, 'status', 'Chat channel: Ready');

    const customer = await Customer.request(rig.e2e, 'Kit', { subject: 'By keyboard' });
    await offerFrom(page, 'Kit').waitFor();
    await tabTo(page, /^button Accept/);
    await page.keyboard.press('Enter');
    const panel = panelOf(page, 'Kit');
    await shown(panel, 'listitem', 'Kit (customer)');
    await tabTo(page, /^button Not Ready$/);
    await page.keyboard.press('Enter');
    await shown(page, 'status', 'Chat channel: Not Ready');

    // The whole page, from its top: every control once, in reading order, ending at Complete.
    await page.locator('body').focus();
    const all = await tabTo(page, /^button Complete$/);
    inReadingOrder(all);
    const names = all.map((s) => s.name);
    for (const expected of [/^button Sign out/, /^textarea Message to Kit/, /^button Leave/])
      assert.ok(
        names.some((n) => expected.test(n)),
        `${String(expected)} in ${names.join(' → ')}`,
      );
    await assertAccessible(page, 'desk by keyboard');
    await rig.shots.take(page, 'tabbed-to-complete');

    await page.keyboard.press('Shift+Tab');
    await tabTo(page, /^textarea Message to Kit/);
    await page.keyboard.type('Typed, not clicked');
    await page.keyboard.press('Enter');
    await says(panel, 'Kit', 'Typed, not clicked');
    await customer.poll();
    assert.ok(customer.polled.some((m) => m.text === 'Typed, not clicked'));
    await tabTo(page, /^button Complete$/);
    await page.keyboard.press('Enter');
    await panel.getByText('You completed this chat.').waitFor();
  });

  test('a burst of messages and typing moves nothing; a reader scrolled up keeps its place', async () => {
    const { name } = await rig.deskAgent('st');
    const page = await rig.openPage();
    await rig.signIn(page, name);
    await page.getByRole('button', { name: 'Ready', exact: true }).click();
    const customer = await Customer.request(rig.e2e, 'Sol', { subject: 'A long story' });
    await offerFrom(page, 'Sol').getByRole('button', { name: 'Accept' }).click();
    const panel = panelOf(page, 'Sol');
    await shown(panel, 'listitem', 'Sol (customer)');
    await page.getByRole('button', { name: 'Not Ready', exact: true }).click();
    const composer = panel.getByLabel('Message to Sol', { exact: true });
    const transcript = panel.getByRole('list', { name: 'Transcript with Sol' });
    const before = { composer: await box(composer), transcript: await box(transcript) };
    await countShifts(page);

    for (let i = 1; i <= 30; i++) {
      if (i % 5 === 1) succeeded(await customer.send({ operationName: 'SendStartTypingNotification' }));
      succeeded(await customer.send({ operationName: 'SendMessage', text: `Part ${i} of my story` }));
    }
    await says(panel, 'Sol', 'Part 30 of my story');
    await panel.getByText('Sol is typing').waitFor({ state: 'detached' });
    assert.deepEqual(
      { composer: await box(composer), transcript: await box(transcript) },
      before,
      'the transcript and the composer stay where they were',
    );
    assert.equal(await shifts(page), 0, 'no layout shift while the messages streamed in');

    // Scrolled up to read: new messages do not pull the reader down …
    await transcript.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop = 0));
    await transcript.dispatchEvent('scroll');
    succeeded(await customer.send({ operationName: 'SendMessage', text: 'Are you still there?' }));
    await says(panel, 'Sol', 'Are you still there?');
    const top = () => transcript.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop);
    assert.equal(await top(), 0, 'the reader keeps its place');
    // … and once back at the bottom, the transcript follows again.
    await transcript.evaluate((el) => {
      const list = el as unknown as { scrollTop: number; scrollHeight: number };
      list.scrollTop = list.scrollHeight;
    });
    await transcript.dispatchEvent('scroll');
    succeeded(await customer.send({ operationName: 'SendMessage', text: 'Hello?' }));
    await says(panel, 'Sol', 'Hello?');
    const gap = () =>
      transcript.evaluate((el) => {
        const list = el as unknown as { scrollTop: number; scrollHeight: number; clientHeight: number };
        return list.scrollHeight - list.scrollTop - list.clientHeight;
      });
    await eventually(gap, (px) => px < 2, 'the transcript to follow the new line');
    await rig.shots.take(page, 'after-the-burst');
  });
});
