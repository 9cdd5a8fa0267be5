/**
 * The screens of the journey test (test/browser/journey.test.ts) as it sees them: an agent desk
 * signed in through its form, the desk's and the console's transcripts as plain lines, what the
 * customer's widget received from the customer API (every poll's answer, recorded in the browser),
 * and one place that checks a screen with axe-core and photographs it.
 */
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Locator, Page, Response } from 'playwright-core';
import { assertAccessible, Screenshots } from '../support/browser.js';
import type { Data, E2e } from '../support/e2e-chat.js';
import { basicHeader } from '../support/server-process.js';
import { widget } from './widget-page.js';

export const passwordOf = (userName: string) => `${userName}-password`;

export interface Screen {
  readonly page: Page;
  readonly context: BrowserContext;
  /** Uncaught exceptions in the page: there must be none. */
  readonly errors: string[];
}

/** A fresh browser context on `url`, bounded waits, uncaught errors collected. */
export async function openScreen(
  browser: Browser,
  url: string,
  viewport: { width: number; height: number },
): Promise<Screen> {
  const context = await browser.newContext({ viewport });
  context.setDefaultTimeout(8000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, context, errors };
}

/** `/agent/` signed in through its form: logged in on chat, Not Ready, connected. */
export async function openDesk(browser: Browser, base: string, userName: string): Promise<Screen> {
  const screen = await openScreen(browser, `${base}/agent/`, { width: 1280, height: 900 });
  const { page } = screen;
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill(passwordOf(userName));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await deskChannel(page, 'Not Ready');
  await page
    .getByRole('status')
    .filter({ hasText: /^Connected$/ })
    .waitFor();
  return screen;
}

export const deskChannel = (page: Page, state: string) =>
  page
    .getByRole('status')
    .filter({ hasText: `Chat channel: ${state}` })
    .waitFor();

/** Ready / Not Ready on the desk's top bar, and the channel then says so. */
export async function setAvailability(page: Page, state: 'Ready' | 'Not Ready'): Promise<void> {
  await page.getByRole('button', { name: state, exact: true }).click();
  await deskChannel(page, state);
}

export const offerFrom = (page: Page, nickname: string) =>
  page.getByRole('region', { name: `Incoming chat from ${nickname}`, exact: true });
export const deskPanel = (page: Page, nickname: string) =>
  page.getByRole('region', { name: nickname, exact: true });
export const deskTranscript = (panel: Locator, nickname: string) =>
  panel.getByRole('list', { name: `Transcript with ${nickname}` });
export const deskPeople = (panel: Locator, nickname: string) =>
  panel
    .getByRole('list', { name: `Participants in the chat with ${nickname}` })
    .getByRole('listitem')
    .allInnerTexts();
export const deskNotes = (panel: Locator) =>
  panel.getByRole('list', { name: 'Supervision and consultation' });

/**
 * A desk's or a console's transcript as lines `who: body`, with ` [to agents only]` or
 * ` [supervisors only]` when the line is marked so; the time left out.
 */
export const transcriptLines = (list: Locator) =>
  list.getByRole('listitem').evaluateAll((items) =>
    // No function declared in here: the test runner's transform would name it (`__name`).
    items.map((li) => {
      const [who, body, audience] = ['.who', '.body', '.audience'].map(
        (part) => li.querySelector(part)?.textContent ?? '',
      );
      return `${who}: ${body}${audience ? ` [${audience}]` : ''}`;
    }),
  );

/** The line of `list` showing `text`, once it is there. */
export async function lineWith(list: Locator, text: string): Promise<Locator> {
  const line = list.getByRole('listitem').filter({ hasText: text });
  await line.waitFor();
  return line;
}

/** The computed background of an element, in the page (the tests' tsconfig has no DOM types). */
export const background = (element: Locator) =>
  element.evaluate((el) => {
    const page = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
    return page.getComputedStyle(el).backgroundColor;
  });

/**
 * Everything the customer's widget received from the customer API (spec §6.1): each answer of
 * its GETs of the chat and of its messages, in the order they came. A test marks a point and reads
 * what came after it, and waits for a poll of both that started after now.
 */
export class CustomerFeed {
  readonly answers: { url: string; body: Data }[] = [];
  private readonly pending: Promise<void>[] = [];
  private polls: { at: number; messages: boolean }[] = [];
  private readonly started = new WeakMap<object, number>();

  constructor(page: Page) {
    page.on('request', (request) => {
      if (request.method() === 'GET' && request.url().includes('/api/v2/chats/'))
        this.started.set(request, Date.now());
    });
    page.on('response', (response) => this.record(response));
  }

  private record(response: Response): void {
    const request = response.request();
    const at = this.started.get(request);
    if (at === undefined) return;
    const url = new URL(response.url()).pathname;
    this.pending.push(
      response.json().then(
        (body: Data) => {
          this.answers.push({ url, body });
          this.polls.push({ at, messages: url.endsWith('/messages') });
        },
        () => undefined, // a body that never came (the page went away): nothing received
      ),
    );
  }

  /** The answers so far, once each has been read. */
  async all(): Promise<{ url: string; body: Data }[]> {
    await Promise.all(this.pending);
    return this.answers;
  }

  /** Waits (bounded) until a GET of the chat and one of its messages, both started after now, answered. */
  async pollAfterNow(): Promise<void> {
    const now = Date.now();
    for (const deadline = now + 5000; ; await new Promise((resolve) => setTimeout(resolve, 50))) {
      await Promise.all(this.pending);
      const fresh = this.polls.filter((p) => p.at > now);
      if (fresh.some((p) => p.messages) && fresh.some((p) => !p.messages)) return;
      if (Date.now() > deadline) throw new Error('the widget did not poll again within 5 s');
    }
  }

  /** Every transcript entry received from answer `from` on, and every participant listed. */
  async since(from: number): Promise<{ messages: Data[]; participants: Data[] }> {
    const answers = (await this.all()).slice(from);
    return {
      messages: answers.flatMap((a) => (a.body.messages as Data[] | undefined) ?? []),
      participants: answers.flatMap((a) => ((a.body.chat as Data | undefined)?.participants as Data[]) ?? []),
    };
  }

  /** A mark: the number of answers read so far. */
  async mark(): Promise<number> {
    return (await this.all()).length;
  }
}

/** Each screen checked with axe-core and photographed: `03-coach-customer.png`. */
export class Steps {
  private readonly shots = new Screenshots('journey');

  async show(page: Page, name: string): Promise<void> {
    await this.shots.take(page, name); // first: the moment the test reached, as it was
    await assertAccessible(page, name);
  }
}

/**
 * Typing shown, and still shown while the typist goes on: the indicator appears (bounded wait),
 * then stays for `holdMs` — well inside the composer's 3 s pause — with no flicker. A typing
 * notification stopped while the user still types fails here, not by chance.
 */
export async function typingShown(indicator: Locator, holdMs = 1000): Promise<void> {
  await indicator.waitFor();
  for (const until = Date.now() + holdMs; Date.now() < until;) {
    if (!(await indicator.isVisible()))
      throw new Error(`${indicator.toString()} disappeared while the typist was still typing`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The supervisor's nickname (its user name: the console accepts without one) as a word. */
export const SAM = /\bsam\b/i;

/** An entry of the customer's feed from sam, or naming sam. */
export const isSam = (m: Data) => SAM.test(String(m.from?.nickname)) || SAM.test(String(m.text ?? ''));

/** The customer's screen shows neither a whisper nor sam (nor sam typing: it names sam). */
export async function noSupervisorShown(panel: Locator, where: string): Promise<void> {
  const shown = await panel.innerText();
  assert.ok(!shown.includes('Whisper'), `${where}: no whisper on the customer's screen`);
  assert.doesNotMatch(shown, SAM, `${where}: no supervisor on the customer's screen`);
}

/** The one open chat of an agent, through the API (the board names it by this id). */
export async function openChatOf(e2e: E2e, userName: string): Promise<string> {
  const headers = { authorization: basicHeader(userName, passwordOf(userName)) };
  const chats = (await e2e.request('GET', '/api/v2/me/chats?fields=*', headers)).body.chats as Data[];
  assert.equal(chats.length, 1, JSON.stringify(chats));
  return String(chats[0]?.id);
}

/** The widget's start form: name, question, Start chat; then it waits for an agent. */
export async function startChat(page: Page, nickname: string, question: string): Promise<void> {
  const w = widget(page);
  await w.launcher.click();
  await page.getByLabel('Your name').fill(nickname);
  await page.getByLabel('Your question').fill(question);
  await w.button('Start chat').click();
  await w.status.filter({ hasText: 'Waiting for an agent…' }).waitFor();
}

/** The desk's Transfer form: the target picked from the agent list (checked first), then sent. */
export async function transferTo(panel: Locator, label: string, listed: string[]): Promise<void> {
  await panel.getByRole('button', { name: 'Transfer…' }).click();
  const target = panel.getByLabel('Transfer to');
  await target.locator('option', { hasText: label }).waitFor({ state: 'attached' });
  assert.deepEqual(await target.locator('option').allTextContents(), listed);
  await target.selectOption({ label });
  await panel.getByRole('button', { name: 'Transfer', exact: true }).click();
}
