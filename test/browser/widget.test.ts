/**
 * The customer widget in Chromium, embedded by a shop on ANOTHER origin (web/demo/index.html
 * served elsewhere, one script tag pointing at Parley's /widget.js), against the real server, with
 * an API-level agent on CometD at the other end (spec §6.1, README "Customers"). Each state of the
 * widget is checked with axe-core and photographed at a phone's and a desktop's width.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Site } from '../support/browser.js';
import {
  assertAccessible,
  chromiumSkip,
  embeddingSite,
  launchBrowser,
  Screenshots,
} from '../support/browser.js';
import type { Data, Party } from '../support/e2e-chat.js';
import { Customer, E2e } from '../support/e2e-chat.js';
import { intrude } from '../support/e2e-supervision.js';
import { countPolls, focused, hears, lines, pagePolls, TITLE, widget, WIDTHS } from './widget-page.js';

const CONTACT_CENTER = '3b0f5c3e-6a41-4f0e-9d1c-2f7a8e61b2d4';

describe('the customer chat widget on a customer’s site', chromiumSkip(), () => {
  let e2e: E2e;
  let browser: Browser;
  let site: Site;
  let stranger: Site;
  const shots = new Screenshots('widget');
  const attributes = {
    'data-poll-ms': '200',
    'data-contact-center': CONTACT_CENTER,
    'data-endpoint': 'tents',
  };
  /** Uncaught exceptions and unhandled rejections in the pages: there must be none. */
  const pageErrors: string[] = [];
  /** Never two polls at once, nothing uncaught. */
  async function leave(page: Page) {
    assert.ok((await pagePolls(page)).most <= 1, 'one poll at a time');
    await page.context().close();
    assert.deepEqual(pageErrors.splice(0), [], 'nothing uncaught in the page');
  }

  /** A fresh visitor (own sessionStorage) on `url`, at a desktop's width. */
  async function visit(url: string): Promise<Page> {
    const context = await browser.newContext({ viewport: WIDTHS[0] });
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await context.addInitScript(countPolls);
    await page.goto(url);
    await widget(page).launcher.waitFor();
    return page;
  }

  /** The same state photographed at both widths, and checked with axe-core at both. */
  async function state(page: Page, name: string) {
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await assertAccessible(page, `${name} (${size.name})`);
      await shots.take(page, `${name}-${size.name}`);
    }
    await page.setViewportSize(WIDTHS[0]);
  }

  async function startChat(page: Page, nickname: string, question = '') {
    const w = widget(page);
    if (!(await w.panel.isVisible())) await w.launcher.click();
    await page.getByLabel('Your name').fill(nickname);
    await page.getByLabel('Your question').fill(question);
    await w.button('Start chat').click();
    await w.status.filter({ hasText: 'Waiting for an agent…' }).waitFor();
  }

  /** A new agent takes the one waiting chat as `nickname`; returns it and the chat's id. */
  async function acceptAs(nickname: string, subject?: string): Promise<{ agent: Party; chatId: string }> {
    const agent = await e2e.agent('websocket');
    await agent.ready('Ready');
    const invited = (await agent.until((d) => d.chat?.state === 'Invited', 'the invitation')).at(-1);
    await agent.ready('NotReady');
    if (subject !== undefined) assert.equal((invited?.chat?.userData as Data).Subject, subject);
    const chatId = invited?.chat?.id as string;
    assert.equal((await agent.operate(chatId, { operationName: 'Accept', nickname })).statusCode, 0);
    return { agent, chatId };
  }

  async function say(agent: Party, chatId: string, body: object) {
    const answer = await agent.operate(chatId, body);
    assert.equal(answer.statusCode, 0, JSON.stringify(answer));
  }

  async function endChat(page: Page) {
    const w = widget(page);
    await w.button('End chat').click();
    await w.button('Yes, end chat').click();
    await w.status.filter({ hasText: 'Chat ended' }).waitFor();
  }

  before(async () => {
    // The sites first: the server must name the shop's origin in PARLEY_CORS_ORIGINS.
    site = await embeddingSite({ parley: () => e2e.url, attributes });
    stranger = await embeddingSite({ parley: () => e2e.url, attributes });
    e2e = await E2e.start('sqlite', {
      PARLEY_CONTACT_CENTER_ID: CONTACT_CENTER,
      PARLEY_CORS_ORIGINS: site.origin,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await e2e?.stop();
    await site?.stop();
    await stranger?.stop();
  });

  test('a customer chats with an agent: typing, lines, a link, never a whisper; reload resumes; End chat', async () => {
    const page = await visit(site.url);
    const w = widget(page);
    assert.equal(await w.launcher.getAttribute('aria-expanded'), 'false');
    assert.equal(await w.panel.count(), 0, 'the panel is closed');
    await state(page, 'closed');

    await w.launcher.click();
    await w.panel.waitFor();
    assert.ok(await focused(page.getByLabel('Your name')), 'focus moves into the panel');
    await page.keyboard.press('Escape');
    await w.panel.waitFor({ state: 'hidden' });
    assert.ok(await focused(w.launcher), 'focus is back on the launcher');
    await w.launcher.click();
    await state(page, 'start-form');

    const question = 'Do you ship tents to Norway?';
    const requested = page.waitForRequest(
      (r) => r.method() === 'POST' && r.url() === `${e2e.url}/api/v2/chats`,
    );
    await startChat(page, 'Chris', question);
    const request = await requested;
    assert.deepEqual(request.postDataJSON(), {
      operationName: 'RequestChat',
      nickname: 'Chris',
      subject: question,
      endpoint: 'tents',
    });
    assert.equal(await request.headerValue('ContactCenterId'), CONTACT_CENTER);
    assert.equal(await request.headerValue('cookie'), null, 'the customer API carries no cookie');
    assert.ok(await focused(w.message), 'the message box has the focus');
    assert.equal(await w.status.textContent(), 'Waiting for an agent…');
    await state(page, 'waiting');

    const { agent, chatId } = await acceptAs('Ann', question);
    await w.status.filter({ hasText: 'Chatting with Ann' }).waitFor();
    await w.log.getByText('Ann joined').waitFor();
    await say(agent, chatId, { operationName: 'SendStartTypingNotification' });
    await w.panel.getByText('Ann is typing…').waitFor();
    await shots.take(page, 'agent-typing');
    // A coach joins visible to agents only, and both whisper: none of it reaches the customer.
    const sam = await e2e.supervisor('websocket');
    const intruded = await intrude(sam, agent.id, chatId, { supervisorVisibilityMode: 'Coach' });
    assert.equal(intruded.body.statusCode, 0, JSON.stringify(intruded.body));
    await sam.until((d) => d.chat?.state === 'Invited', 'the coach’s invitation');
    await say(sam, chatId, { operationName: 'Accept', nickname: 'Sam' });
    await say(sam, chatId, { operationName: 'SendToAgents', text: 'Whisper: VIP customer' });
    await say(agent, chatId, { operationName: 'SendToAgents', text: 'Whisper: offer free shipping?' });
    await say(agent, chatId, { operationName: 'SendMessage', text: 'Yes, we ship to Norway.' });
    await w.log.getByText('Yes, we ship to Norway.').waitFor();
    assert.equal(await w.panel.getByText('is typing').count(), 0, 'typing ends with the message');
    const url = 'https://example.com/shipping?country=no';
    await say(agent, chatId, { operationName: 'SendUrl', url });
    const link = w.log.getByRole('link', { name: url });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), url);
    assert.equal(await link.getAttribute('rel'), 'noopener noreferrer nofollow');
    assert.equal(await link.getAttribute('target'), '_blank');

    await w.message.pressSequentially('Thanks!');
    const customer = (m: Data) => m.from?.type === 'Customer';
    await hears(agent, (m) => customer(m) && m.type === 'TypingStarted', 'the customer typing');
    await w.message.press('Enter');
    await hears(agent, (m) => customer(m) && m.type === 'Text' && m.text === 'Thanks!', 'the line');
    await w.log.getByText('Thanks!').waitFor();
    assert.equal(await w.message.inputValue(), '');
    const transcript = [
      ['event', 'You joined'],
      ['event', 'Ann joined'],
      ['theirs', 'Ann: Yes, we ship to Norway.'],
      ['theirs', `Ann: ${url}`],
      ['own', 'You: Thanks!'],
    ];
    assert.deepEqual(await lines(w.log), transcript);
    const shown = await w.panel.innerText();
    for (const hidden of ['Whisper', 'Sam'])
      assert.ok(!shown.includes(hidden), `the coach and its whispers never reach the customer: ${hidden}`);
    assert.ok(!shown.includes('Chris is typing'), 'the customer’s own typing is not shown');
    await state(page, 'chatting');

    const transcriptPolls = async () =>
      (await pagePolls(page)).urls.filter((u) => u.includes('/messages')).map((u) => u.split('/messages')[1]);
    assert.deepEqual([...new Set(await transcriptPolls())], [''], 'polls ask only for what is new');
    assert.ok((await pagePolls(page)).most <= 1, 'one poll at a time');
    await page.reload();
    await w.log.getByText('Thanks!').waitFor(); // the panel stays open, the chat is rebuilt
    assert.equal((await transcriptPolls())[0], '?index=1', 'a reload rebuilds from index 1');
    await w.status.filter({ hasText: 'Chatting with Ann' }).waitFor();
    assert.deepEqual(await lines(w.log), transcript);
    await say(agent, chatId, { operationName: 'SendMessage', text: 'Anything else?' });
    await w.log.getByText('Anything else?').waitFor();
    await shots.take(page, 'resumed');
    assert.deepEqual((await lines(w.log)).slice(transcript.length), [['theirs', 'Ann: Anything else?']]);
    assert.ok(!(await w.panel.innerText()).includes('Whisper'));

    await w.button('End chat').click();
    const confirm = w.panel.getByRole('group', { name: 'End chat?' });
    assert.ok(await focused(confirm.getByRole('button', { name: 'Yes, end chat' })));
    await state(page, 'end-confirm');
    await page.keyboard.press('Escape'); // cancels the question; the panel stays open
    await confirm.waitFor({ state: 'hidden' });
    assert.ok(await w.panel.isVisible());
    assert.ok(await focused(w.button('End chat')));
    await w.button('End chat').click();
    await confirm.getByRole('button', { name: 'Keep chatting' }).click();
    await confirm.waitFor({ state: 'hidden' });
    assert.equal(await w.status.textContent(), 'Chatting with Ann');
    await w.button('End chat').click();
    await confirm.getByRole('button', { name: 'Yes, end chat' }).click();
    await w.status.filter({ hasText: 'Chat ended' }).waitFor();
    await hears(agent, (m) => customer(m) && m.type === 'ParticipantLeft', 'the customer leaving');
    await w.log.getByText('You left').waitFor();
    assert.equal(await w.message.count(), 0, 'no message box once ended');
    assert.ok(await focused(w.button('Start a new chat')));
    await state(page, 'ended');

    await w.button('Start a new chat').click();
    await page.getByLabel('Your name').waitFor();
    await page.reload(); // an ended chat is not resumed
    await page.getByLabel('Your name').waitFor();
    assert.equal(await w.log.count(), 0);
    await say(agent, chatId, { operationName: 'Complete' });
    await leave(page);
  });

  test('the agent ends the chat; unread lines are counted on the launcher; a lost answer loses no line', async () => {
    const page = await visit(site.url);
    const w = widget(page);
    await startChat(page, 'Dana');
    const { agent, chatId } = await acceptAs('Ben');
    await w.status.filter({ hasText: 'Chatting with Ben' }).waitFor();

    await w.button('Minimize chat').click();
    assert.ok(await focused(w.launcher));
    await say(agent, chatId, { operationName: 'SendMessage', text: 'Are you still there?' });
    await page.getByRole('button', { name: `${TITLE} 1 new message` }).waitFor();
    await shots.take(page, 'unread');
    await w.launcher.click();
    assert.equal(await page.getByRole('button', { name: /new message/ }).count(), 0);

    // Answers lost on the way back (the server has counted them delivered): the widget says so,
    // backs off, and asks again from its last line once the network is back.
    let lost = false;
    await page.route('**/api/v2/chats/*/messages*', async (route) => {
      const answer = await route.fetch();
      if ((await answer.text()).includes('Lost on the way?')) lost = true;
      await route.abort('connectionreset');
    });
    await w.status.filter({ hasText: 'Connection problem — trying again…' }).waitFor();
    await say(agent, chatId, { operationName: 'SendMessage', text: 'Lost on the way?' });
    for (let i = 0; i < 100 && !lost; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(lost, 'an answer carrying the line was dropped');
    assert.equal(await w.log.getByText('Lost on the way?').count(), 0);
    await assertAccessible(page, 'connection problem');
    await shots.take(page, 'connection-problem');
    await page.unrouteAll({ behavior: 'wait' });
    await w.log.getByText('Lost on the way?').waitFor({ timeout: 10_000 }); // within the backoff
    await w.status.filter({ hasText: 'Chatting with Ben' }).waitFor();
    assert.equal(await w.log.getByText('Lost on the way?').count(), 1);

    await say(agent, chatId, { operationName: 'Complete' });
    await w.status.filter({ hasText: 'Chat ended' }).waitFor();
    await w.log.getByText('Ben left').waitFor();
    assert.equal(await w.message.count(), 0);
    await w.button('Start a new chat').waitFor();
    await shots.take(page, 'ended-by-agent');
    await leave(page);
  });

  test('a full queue refuses the chat: a readable alert, and Try again works once there is room', async () => {
    await e2e.admin({ operationName: 'UpdateSettings', settings: { maxWaitingChats: 1 } });
    const queued = await Customer.request(e2e, 'Early bird');
    const page = await visit(site.url);
    const w = widget(page);
    await w.launcher.click();
    await page.getByLabel('Your name').fill('Erin');
    await w.button('Start chat').click();
    const alert = w.panel.getByRole('alert').filter({ hasText: /./ });
    await alert.waitFor();
    assert.equal(
      await alert.locator('p').textContent(),
      // Retry-After: 30 (customer/limits.ts), read across origins (CORS exposes it).
      'All our agents are busy and the queue is full right now. Please try again in 30 seconds.',
    );
    assert.equal(await w.log.count(), 0, 'no chat started');
    await state(page, 'queue-full');

    assert.equal((await queued.send({ operationName: 'Complete' })).statusCode, 0);
    await w.button('Try again').click();
    await w.status.filter({ hasText: 'Waiting for an agent…' }).waitFor();
    assert.equal(await w.panel.getByText(/queue is full/).count(), 0);
    await endChat(page);
    await e2e.admin({ operationName: 'UpdateSettings', settings: { maxWaitingChats: 500 } });
    await leave(page);
  });

  test('a site Parley does not allow is told it cannot connect, not left hanging; no CSS crosses', async () => {
    const page = await visit(stranger.url);
    const w = widget(page);
    await w.launcher.click();
    await page.getByLabel('Your name').fill('Frank');
    await w.button('Start chat').click();
    const alert = w.panel.getByRole('alert').filter({ hasText: /./ });
    await alert.waitFor();
    assert.match(await alert.innerText(), /^We cannot connect to the chat service right now\./);
    assert.equal(await w.button('Start chat').isEnabled(), true);
    assert.equal(await w.status.count(), 0);
    await state(page, 'cannot-connect');
    const style = (l: Locator, name: string) =>
      l.evaluate((el, name) => {
        const page = globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> };
        return page.getComputedStyle(el)[name];
      }, name);
    assert.equal(await style(page.locator('h1'), 'fontSize'), '25.6px', 'the page keeps its own look');
    await page.addStyleTag({ content: '* { font-size: 40px !important; color: red !important; }' });
    assert.equal(await style(w.launcher, 'fontSize'), '15px', 'the page’s CSS does not reach the widget');
    await leave(page);
  });

  test('whatever the server sends is shown as text: no markup, no link but http(s)', async () => {
    const page = await visit(site.url);
    const w = widget(page);
    const from = { nickname: '<i>Mallory</i>', participantId: '99', type: 'Agent' };
    const hostile = [
      { type: 'PushUrl', url: 'javascript:window.pwned=1' },
      { type: 'Text', text: '<img src=x onerror="window.pwned=2"><b>bold?</b>' },
      { type: 'Bizarre', text: '<script>window.pwned=3</script>' },
      { type: 'PushUrl', url: ' data:text/html,<script>alert(1)</script>' },
      { type: 'TranscriptSaveDone' },
    ].map((m, i) => ({ ...m, index: 100 + i, from, timestampSeconds: Date.now() }));
    let injected = false;
    await page.route('**/api/v2/chats/*/messages*', async (route) => {
      const response = await route.fetch();
      const json = (await response.json()) as Data;
      if (!injected && json.statusCode === 0) {
        injected = true;
        json.messages = [...(json.messages ?? []), ...hostile];
      }
      await route.fulfill({ response, json });
    });
    await startChat(page, 'Grace');
    await w.log.getByText('<b>bold?</b>', { exact: false }).waitFor();
    assert.deepEqual(await lines(w.log), [
      ['event', 'You joined'],
      ['theirs', '<i>Mallory</i>: javascript:window.pwned=1'],
      ['theirs', '<i>Mallory</i>: <img src=x onerror="window.pwned=2"><b>bold?</b>'],
      ['theirs', '<i>Mallory</i>: <script>window.pwned=3</script>'],
      ['theirs', '<i>Mallory</i>:  data:text/html,<script>alert(1)</script>'],
    ]);
    assert.equal(await w.log.getByRole('link').count(), 0);
    assert.equal(await w.log.locator('img, b, i, script').count(), 0, 'no markup from the server');
    assert.equal(await page.evaluate(() => 'pwned' in globalThis), false);
    await page.unrouteAll({ behavior: 'wait' });
    await endChat(page);
    await leave(page);
  });
});
