/**
 * The agent desk (`/agent/`) in Chromium against the real server: an agent signs in through the
 * form, goes Ready, is offered chats by real routing from API-level customers (spec §6.1), talks
 * with them, hands chats over and is coached by an API-level supervisor (spec §2.1, §4.3). What
 * the customer receives is checked through the customer API, what must never reach it included.
 * Each state is checked with axe-core and photographed.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { assertAccessible, chromiumSkip, launchBrowser, Screenshots } from '../support/browser.js';
import type { Data, Party } from '../support/e2e-chat.js';
import { Customer, E2e } from '../support/e2e-chat.js';
import { intrude } from '../support/e2e-supervision.js';
import { basicHeader } from '../support/server-process.js';

const PASSWORD = 'desk-password';
const TITLE = 'Parley — Agent desk';

/** Re-reads `read` until `ok` holds (bounded); returns the last value. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
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
async function customerReceives(customer: Customer, what: string, match: (m: Data) => boolean) {
  await eventually(
    async () => (await customer.poll(), customer.polled),
    (all) => all.some(match),
    `${customer.nickname} to receive ${what}`,
  );
}

/** Waits for a `role` element (status, alert, listitem…) in `scope` showing `text`. */
const shown = (scope: Page | Locator, role: 'status' | 'alert' | 'listitem', text: string | RegExp) =>
  scope.getByRole(role).filter({ hasText: text }).waitFor();

const fromAgent = (m: Data) => (m.from as Data | undefined)?.type === 'Agent';
const joinedAs = (nickname: string) => (m: Data) =>
  m.type === 'ParticipantJoined' && (m.from as Data).nickname === nickname;
const succeeded = (body: Data) => assert.equal(body.statusCode, 0, JSON.stringify(body));

/** The computed background of a line, in the page (the tests' tsconfig has no DOM types). */
const background = (line: Locator) =>
  line.evaluate((el) => {
    const page = globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } };
    return page.getComputedStyle(el).backgroundColor;
  });

describe('the agent desk', chromiumSkip(), () => {
  let e2e: E2e;
  let browser: Browser;
  const shots = new Screenshots('agent-desk');
  const contexts: BrowserContext[] = [];
  const deskAgents: string[] = [];
  const helpers: Party[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    e2e = await E2e.start('sqlite');
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await e2e?.stop();
  });
  // Nobody stays Ready for the next test's customers to be routed to.
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    for (const name of deskAgents.splice(0))
      await e2e.request('POST', '/api/v2/me', basic(name), { operationName: 'EndContactCenterSession' });
    for (const helper of helpers.splice(0)) await helper.ready('NotReady');
    assert.deepEqual(pageErrors.splice(0), [], 'no uncaught error in the page');
  });

  const basic = (name: string) => ({ authorization: basicHeader(name, PASSWORD) });

  async function deskAgent(prefix: string): Promise<{ name: string; id: string }> {
    const name = e2e.name(prefix);
    const id = await e2e.createUser(name, ['ROLE_AGENT'], PASSWORD);
    deskAgents.push(name);
    return { name, id };
  }

  async function openPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(8000); // bounded waits: a missing element fails fast
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${e2e.url}/agent/`);
    return page;
  }

  async function signIn(page: Page, name: string): Promise<void> {
    await page.getByLabel('User name').fill(name);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await channelIs(page, 'Not Ready');
    await shown(page, 'status', /^Connected$/);
  }

  const channelIs = (page: Page, state: string) => shown(page, 'status', `Chat channel: ${state}`);

  async function goReady(page: Page, state: 'Ready' | 'Not Ready' = 'Ready') {
    await page.getByRole('button', { name: state, exact: true }).click();
    await channelIs(page, state);
    const pressed = page.getByRole('button', { name: state, exact: true });
    assert.equal(await pressed.getAttribute('aria-pressed'), 'true');
  }

  const offerFrom = (page: Page, nickname: string) =>
    page.getByRole('region', { name: `Incoming chat from ${nickname}`, exact: true });
  const panelOf = (page: Page, nickname: string) => page.getByRole('region', { name: nickname, exact: true });
  const lines = (panel: Locator, nickname: string) =>
    panel.getByRole('list', { name: `Transcript with ${nickname}` }).getByRole('listitem');
  const says = (panel: Locator, nickname: string, text: string) =>
    lines(panel, nickname).filter({ hasText: text }).waitFor();
  const people = (panel: Locator, nickname: string) =>
    panel.getByRole('list', { name: `Participants in the chat with ${nickname}` }).getByRole('listitem');
  const notes = (panel: Locator) =>
    panel.getByRole('list', { name: 'Supervision and consultation' }).getByRole('listitem').allInnerTexts();

  async function accept(page: Page, nickname: string): Promise<Locator> {
    await offerFrom(page, nickname).getByRole('button', { name: 'Accept' }).click();
    const panel = panelOf(page, nickname);
    await shown(panel, 'listitem', `${nickname} (customer)`);
    assert.equal(await offerFrom(page, nickname).count(), 0, 'the offer card is gone');
    return panel;
  }

  /** An API-level agent, Ready, that takes the next chat offered to it and goes Not Ready. */
  async function helperTakes(helper: Party, subject: string, nickname = 'Hal'): Promise<string> {
    const [invited] = (await helper.until((d) => d.chat?.state === 'Invited', 'an offer')).slice(-1);
    assert.equal((invited?.chat?.userData as Data).Subject, subject);
    const chatId = invited?.chat?.id as string;
    succeeded(await helper.operate(chatId, { operationName: 'Accept', nickname }));
    await helper.ready('NotReady');
    return chatId;
  }

  test('sign in, go Ready, an offer that ticks, accept, talk both ways, reload, complete, sign out', async () => {
    const { name } = await deskAgent('ann');
    const page = await openPage();
    await page.getByLabel('User name').waitFor();
    assert.equal(await page.title(), TITLE);
    await assertAccessible(page, 'signed out');
    await shots.take(page, 'signed-out');

    await signIn(page, name);
    await page.getByText(name, { exact: true }).waitFor();
    await page.getByText('No chats are offered while you are Not Ready.').waitFor();
    await goReady(page);
    await page.getByText('Waiting for chats…').waitFor();
    await assertAccessible(page, 'idle Ready');
    await shots.take(page, 'idle-ready');

    const customer = await Customer.request(e2e, 'Chris', { subject: 'Late order' });
    const offer = offerFrom(page, 'Chris');
    await offer.waitFor();
    assert.match(await offer.innerText(), /Subject\s+Late order/);
    const timer = offer.getByRole('timer');
    const first = await timer.innerText();
    assert.match(first, /^0:0\d$/);
    const ticked = (t: string) => t !== first && /^0:0\d$/.test(t);
    await eventually(() => timer.innerText(), ticked, 'the timer to tick');
    assert.equal(await panelOf(page, 'Chris').count(), 0, 'no chat panel before Accept');
    assert.equal(await page.title(), `(1) ${TITLE}`);
    await shown(page, 'status', 'New chat offered from Chris.');
    await assertAccessible(page, 'offer');
    await shots.take(page, 'offer');

    const panel = await accept(page, 'Chris');
    assert.equal(await page.title(), TITLE);
    assert.deepEqual(await people(panel, 'Chris').allInnerTexts(), ['Chris (customer)', `${name} (you)`]);
    await customer.send({ operationName: 'SendStartTypingNotification' });
    await panel.getByText('Chris is typing…').waitFor();
    await customer.send({ operationName: 'SendMessage', text: 'My order is late' });
    await says(panel, 'Chris', 'My order is late');
    await panel.getByText('Chris is typing…').waitFor({ state: 'hidden' });

    const composer = panel.getByLabel('Message to Chris', { exact: true });
    assert.equal(await panel.getByLabel('Message to Chris: send to').count(), 0, 'no agents to whisper to');
    await composer.fill('Sorry about that, let me check');
    await customerReceives(customer, 'the agent typing', (m) => m.type === 'TypingStarted' && fromAgent(m));
    await composer.press('Enter');
    await customerReceives(customer, 'the agent’s text', (m) => m.text === 'Sorry about that, let me check');
    await says(panel, 'Chris', 'Sorry about that, let me check');
    assert.equal(await composer.inputValue(), '');
    await assertAccessible(page, 'chatting');
    await shots.take(page, 'chatting');

    await panel.getByLabel('Link for Chris').fill('https://example.com/track/42');
    await panel.getByRole('button', { name: 'Send link' }).click();
    await customerReceives(customer, 'the link', (m) => m.url === 'https://example.com/track/42');
    await panel.getByRole('link', { name: 'https://example.com/track/42' }).waitFor();
    await panel.getByLabel('Disposition').fill('IssueResolved');
    await panel.getByRole('button', { name: 'Set disposition' }).click();
    await panel.getByRole('definition').filter({ hasText: 'IssueResolved' }).waitFor();
    assert.deepEqual(await panel.getByRole('term').allInnerTexts(), ['Subject', 'DispositionCode']);
    assert.deepEqual(await panel.getByRole('definition').allInnerTexts(), ['Late order', 'IssueResolved']);

    const before = await lines(panel, 'Chris').allInnerTexts();
    await page.reload();
    await channelIs(page, 'Ready');
    await says(panel, 'Chris', 'Sorry about that, let me check');
    assert.deepEqual(await lines(panel, 'Chris').allInnerTexts(), before, 'the same transcript');
    assert.equal(await page.getByLabel('User name').count(), 0, 'the session carried over the reload');
    await shots.take(page, 'reloaded');

    await panel.getByRole('button', { name: 'Complete' }).click();
    await panel.getByText('You completed this chat.').waitFor();
    const left = (m: Data) => m.type === 'ParticipantLeft' && fromAgent(m);
    await customerReceives(customer, 'the agent leaving', left);
    assert.equal(await composer.count(), 0, 'an ended chat has no composer');
    assert.equal(await panel.getByRole('button', { name: 'Complete' }).count(), 0);
    await assertAccessible(page, 'ended');
    await shots.take(page, 'ended');
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByText('No chats in progress.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    const me = await e2e.request('GET', '/api/v2/me?subresources=channels', basic(name));
    assert.deepEqual((me.body.user as Data).channels, [], 'signed out of the chat channel');
    await page.reload();
    await page.getByLabel('User name').waitFor();
  });

  test('two chats side by side, a rejected offer passes on, a failure is told, a transfer to a queue', async () => {
    const { name } = await deskAgent('bo');
    const helper = await e2e.agent('websocket');
    helpers.push(helper);
    const page = await openPage();
    await signIn(page, name);
    await goReady(page);
    const dana = await Customer.request(e2e, 'Dana', { subject: 'Refund' });
    await offerFrom(page, 'Dana').waitFor();
    const eli = await Customer.request(e2e, 'Eli', { subject: 'Address change' });
    await offerFrom(page, 'Eli').waitFor();
    const danaPanel = await accept(page, 'Dana');
    const eliPanel = await accept(page, 'Eli');
    const [a, b] = [await danaPanel.boundingBox(), await eliPanel.boundingBox()];
    assert.ok(a && b && Math.abs(a.y - b.y) < 2 && b.x >= a.x + a.width, 'the two chats side by side');
    await assertAccessible(page, 'two chats');
    await shots.take(page, 'two-chats');
    await page.reload();
    await says(danaPanel, 'Dana', 'Dana joined');
    await says(eliPanel, 'Eli', 'Eli joined');
    assert.equal(await page.getByRole('region', { name: /^(Dana|Eli)$/ }).count(), 2, 'both chats rebuilt');

    await Customer.request(e2e, 'Fay', { subject: 'Wrong size' });
    const fay = offerFrom(page, 'Fay');
    await fay.waitFor();
    await goReady(page, 'Not Ready');
    await helper.ready('Ready');
    await fay.getByRole('button', { name: 'Reject' }).click();
    await shown(page, 'status', 'You rejected the chat from Fay.');
    assert.equal(await fay.count(), 0);
    await helperTakes(helper, 'Wrong size');
    assert.equal(await panelOf(page, 'Fay').count(), 0, 'a rejected chat never reaches the desk');

    // A server without the agent list (a Parley extension): only queues are offered.
    await page.route('**/parley/v1/agents', (route) =>
      route.fulfill({ status: 404, json: { statusCode: 6, statusMessage: 'Requested resource not found' } }),
    );
    await danaPanel.getByRole('button', { name: 'Consult…' }).click();
    const target = danaPanel.getByLabel('Consult to');
    await eventually(() => target.isEnabled(), Boolean, 'the agent list');
    assert.deepEqual(await target.getByRole('option').allInnerTexts(), ['A queue…']);
    await page.unroute('**/parley/v1/agents');
    await target.selectOption({ label: 'A queue…' });
    assert.equal(await danaPanel.getByLabel('Queue name').inputValue(), 'default');
    await danaPanel.getByRole('button', { name: 'Consult', exact: true }).click();
    const noAgent = 'No agent is Ready with a free chat slot for queue default';
    await shown(danaPanel, 'alert', `Consult failed: ${noAgent}`);
    await shots.take(page, 'consult-failed');
    await helper.ready('Ready');
    await danaPanel.getByRole('button', { name: 'Consult', exact: true }).click();
    await shown(danaPanel, 'status', 'Consult: queue default has been asked to join.');
    await helperTakes(helper, 'Refund');
    const hal = danaPanel.getByRole('listitem').filter({ hasText: 'Hal (consultant)' });
    assert.equal(await hal.innerText(), 'Hal (consultant) — hidden from the customer');
    assert.deepEqual(await notes(danaPanel), ['Hal: Consulting — hidden from the customer']);
    assert.equal(await danaPanel.getByRole('alert').filter({ hasText: /./ }).count(), 0, 'failure cleared');

    const ivy = await e2e.agent('websocket');
    helpers.push(ivy);
    await ivy.ready('Ready');
    await danaPanel.getByRole('button', { name: 'Invite…' }).click();
    const invitee = danaPanel.getByLabel('Invite to');
    await eventually(() => invitee.isEnabled(), Boolean, 'the agent list');
    const listed = await invitee.getByRole('option').allInnerTexts();
    assert.ok(listed.includes(`${ivy.userName} (Ready)`), String(listed));
    assert.ok(listed.includes(`${helper.userName} (Not Ready)`), String(listed));
    assert.ok(!listed.some((o) => o.startsWith(`${name} `)), 'the agent is not its own target');
    assert.ok(!listed.includes('A queue…'), 'Invite takes an agent only');
    const busy = invitee.getByRole('option', { name: `${helper.userName} (Not Ready)` });
    assert.ok(await busy.isDisabled(), 'an agent who is not Ready cannot be picked');
    await invitee.selectOption({ label: `${ivy.userName} (Ready)` });
    await danaPanel.getByRole('button', { name: 'Invite', exact: true }).click();
    await shown(danaPanel, 'status', `Invite: ${ivy.userName} has been asked to join.`);
    await helperTakes(ivy, 'Refund', 'Ivy');
    await shown(danaPanel, 'listitem', 'Ivy (agent)');
    await customerReceives(dana, 'the invited agent', joinedAs('Ivy'));
    await shots.take(page, 'conference');

    await helper.ready('Ready');
    await eliPanel.getByRole('button', { name: 'Transfer…' }).click();
    await eliPanel.getByLabel('Transfer to').selectOption({ label: 'A queue…' });
    await eliPanel.getByRole('button', { name: 'Transfer', exact: true }).click();
    await eliPanel.getByText('You transferred this chat to queue default.').waitFor();
    assert.equal(await eliPanel.getByLabel('Message to Eli', { exact: true }).count(), 0);
    await helperTakes(helper, 'Address change');
    await customerReceives(eli, 'the new agent', joinedAs('Hal'));
    await shots.take(page, 'transferred');
    const customerView = ((await dana.chat()).participants as Data[]).map((p) => p.nickname);
    assert.deepEqual(customerView, ['Dana', name, 'Ivy'], 'the consultant is hidden from the customer');
    await dana.send({ operationName: 'Complete' });
    await danaPanel.getByText('Dana left the chat. Set a disposition if needed, then Complete.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await shown(page, 'alert', 'You have 1 open chat; it stays assigned to you.');
    await page.getByRole('button', { name: 'Sign out anyway' }).click();
    await page.getByLabel('User name').waitFor();
  });

  test('a coaching supervisor: hidden from the customer, its whisper marked; agents-only lines never reach the customer', async () => {
    const { name, id } = await deskAgent('cy');
    const page = await openPage();
    await signIn(page, name);
    await goReady(page);
    const customer = await Customer.request(e2e, 'Gus', { subject: 'Broken zip' });
    const panel = await accept(page, 'Gus');
    await goReady(page, 'Not Ready');
    const chats = (await e2e.request('GET', '/api/v2/me/chats?fields=*', basic(name))).body.chats as Data[];
    const chatId = chats[0]?.id as string;

    const supervisor = await e2e.supervisor('websocket');
    succeeded((await intrude(supervisor, id, chatId, { supervisorVisibilityMode: 'Coach' })).body);
    await supervisor.until((d) => d.chat?.state === 'Invited', 'the intrusion');
    succeeded(await supervisor.operate(chatId, { operationName: 'Accept', nickname: 'Sam' }));
    const sam = people(panel, 'Gus').filter({ hasText: 'Sam' });
    await sam.waitFor();
    assert.equal(await sam.innerText(), 'Sam (supervisor, coaching) — hidden from the customer');
    assert.deepEqual(await notes(panel), ['Sam: Supervisor coaching — the customer cannot see them']);

    succeeded(
      await supervisor.operate(chatId, { operationName: 'SendToAgents', text: 'Offer free shipping' }),
    );
    const whisper = lines(panel, 'Gus').filter({ hasText: 'Offer free shipping' });
    await whisper.waitFor();
    assert.equal(await whisper.getAttribute('data-visibility'), 'Agents');
    assert.match(await whisper.innerText(), /to agents only/);
    const customerLine = lines(panel, 'Gus').filter({ hasText: 'Gus joined' });
    assert.notEqual(await background(whisper), await background(customerLine), 'the whisper is styled apart');

    const audience = panel.getByLabel('Message to Gus: send to');
    assert.deepEqual(await audience.getByRole('option').allInnerTexts(), ['Customer', 'Agents only']);
    const composer = panel.getByLabel('Message to Gus', { exact: true });
    await audience.selectOption({ label: 'Agents only' });
    await composer.fill('Can I offer free shipping?');
    await composer.press('Enter');
    const whispered = (m: Data) => m.text === 'Can I offer free shipping?' && m.visibility === 'Agents';
    await supervisor.until((d) => (d.messages ?? []).some(whispered), 'the agent’s whisper');
    await says(panel, 'Gus', 'Can I offer free shipping?');
    await audience.selectOption({ label: 'Customer' });
    await composer.fill('Shipping is on us');
    await composer.press('Enter');
    await customerReceives(customer, 'the agent’s answer', (m) => m.text === 'Shipping is on us');
    const leaked = customer.polled.filter(
      (m) => /shipping\?|free shipping/i.test(String(m.text)) || (m.from as Data).nickname === 'Sam',
    );
    assert.deepEqual(leaked, [], 'nothing agents-only reaches the customer');
    const seen = ((await customer.chat()).participants as Data[]).map((p) => p.nickname);
    assert.deepEqual(seen, ['Gus', name]);
    await assertAccessible(page, 'coached');
    await shots.take(page, 'coached');

    await panel.getByRole('button', { name: 'Complete' }).click();
    await panel.getByText('You completed this chat.').waitFor();
    await supervisor.until((d) => d.chat?.state === 'Revoked', 'the supervisor revoked');
    await shots.take(page, 'coached-ended');
  });
});
