/**
 * `/supervisor/` in Chromium against the real server (README "Supervision", "The live board";
 * spec §2.1, §3.4, §4): a supervisor signs in; the board follows an API-level agent and customer
 * without a reload or a poll — the agent going Ready, a chat queued, offered, accepted, the wait
 * ticking; the supervisor intrudes from the board in Monitor, accepts, watches both sides write
 * and type, coaches (the agent hears it, the customer never), barges in (the customer hears it),
 * goes back to Monitor and leaves; the audit trail lists it all. An agent is told the console is
 * for supervisors only. axe-core on every state; a screenshot at each step.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { assertAccessible, chromiumSkip } from '../support/browser.js';
import type { Data, Party } from '../support/e2e-chat.js';
import { acceptedChat, Customer } from '../support/e2e-chat.js';
import { browserSuite } from './suite.js';
import {
  agentChat,
  agentInState,
  agentRow,
  boardShown,
  openConsole,
  queuedRows,
  theQueuedChat,
  ticks,
} from './supervisor-page.js';

/** What the customer has polled so far: texts only. */
async function customerTexts(customer: Customer): Promise<string[]> {
  await customer.poll();
  return customer.polled.filter((m) => m.type === 'Text').map((m) => String(m.text));
}

/** Waits (bounded) until the customer's polling returns `text`. */
async function customerHears(customer: Customer, text: string): Promise<void> {
  for (const deadline = Date.now() + 5000; !(await customerTexts(customer)).includes(text);) {
    if (Date.now() > deadline) throw new Error(`the customer never received "${text}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The agent's next transcript entry matching `match`. */
async function agentHears(agent: Party, match: (m: Data) => boolean, what: string): Promise<Data> {
  const received = await agent.until((d) => (d.messages ?? []).some(match), what);
  return (received.at(-1)?.messages ?? []).find(match) as Data;
}

describe('the supervisor console', chromiumSkip(), () => {
  const suite = browserSuite('supervisor-console');

  async function step(page: Page, name: string) {
    await assertAccessible(page, name);
    await suite.shots.take(page, name);
  }

  test('the live board, a chat supervised from it in every mode, and the audit trail', async () => {
    const sam = suite.e2e.name('sam');
    await suite.e2e.createUser(sam, ['ROLE_SUPERVISOR'], 'sam-password');
    const opened = await openConsole(suite.browser, suite.e2e.url, sam, 'sam-password');
    const { page } = opened;
    await boardShown(page);
    const queued = page.getByRole('table', { name: 'Queued chats' });
    await queued.getByRole('cell', { name: 'No chat is waiting for an agent.' }).waitFor();
    await step(page, 'board-empty');

    // An agent logs in (Not Ready), goes Ready and back: pushed to the board.
    const agent = await suite.e2e.agent('websocket');
    await agentInState(page, agent.userName, 'Not Ready');
    await agent.ready('Ready');
    await agentInState(page, agent.userName, 'Ready');
    await step(page, 'agent-ready');
    await agent.ready('NotReady');
    await agentInState(page, agent.userName, 'Not Ready');

    // A customer asks with nobody Ready: the chat queues, its wait ticks.
    const customer = await Customer.request(suite.e2e, 'Chris');
    const chatId = await theQueuedChat(page);
    const waiting = queuedRows(page).first();
    assert.equal(await waiting.getByRole('cell', { name: 'Nobody yet' }).count(), 1);
    await ticks(waiting.getByRole('timer'));
    await step(page, 'chat-queued');

    // Offered, then accepted: on the agent's row, out of the queue.
    await agent.ready('Ready');
    const [invited] = (await agent.until((d) => d.chat?.state === 'Invited', 'the offer')).slice(-1);
    assert.equal(invited?.chat?.id, chatId, 'the board queued the chat the agent is offered');
    await agent.ready('NotReady');
    await agentChat(page, agent.userName, chatId).filter({ hasText: 'Offered' }).waitFor();
    await waiting.getByRole('cell', { name: agent.userName, exact: true }).waitFor(); // offered to
    assert.equal(
      (await agent.operate(chatId, { operationName: 'Accept', nickname: agent.userName })).statusCode,
      0,
    );
    const onBoard = agentChat(page, agent.userName, chatId);
    await onBoard.filter({ hasText: 'Chatting' }).waitFor();
    await queued.getByRole('cell', { name: 'No chat is waiting for an agent.' }).waitFor();
    assert.equal(await onBoard.filter({ hasText: 'No reply yet' }).count(), 1);
    await ticks(onBoard.getByRole('timer'));
    await step(page, 'chat-accepted');

    // Both sides write: the wait now counts from the agent's reply.
    assert.equal(
      (await customer.send({ operationName: 'SendMessage', text: 'Where is my order?' })).statusCode,
      0,
    );
    assert.equal(
      (await agent.operate(chatId, { operationName: 'SendMessage', text: 'Let me check.' })).statusCode,
      0,
    );
    await onBoard.filter({ hasText: 'Since last reply' }).waitFor();

    // Intrude in Monitor from the board, accept in the console.
    await onBoard.getByLabel(`Mode to intrude on chat ${chatId}`).selectOption({ label: 'Monitor' });
    await onBoard.getByRole('button', { name: `Intrude on chat ${chatId}` }).click();
    const title = `Chris with ${agent.userName}`;
    const panel = page.getByRole('region', { name: title });
    await panel.getByRole('status').filter({ hasText: 'Invited to join in Monitor.' }).waitFor();
    await onBoard.filter({ hasText: 'Invited' }).waitFor();
    assert.equal(await onBoard.getByRole('button', { name: /Intrude/ }).count(), 0, 'no second Intrude');
    await step(page, 'intrude-invited');
    await panel.getByRole('button', { name: 'Accept' }).click();
    await panel.getByRole('status').filter({ hasText: 'Mode: Monitor' }).waitFor();
    const transcript = panel.getByRole('list', { name: `Transcript of ${title}` });
    await transcript.getByText('Where is my order?').waitFor();
    await transcript.getByText('Let me check.').waitFor();
    assert.equal(await panel.getByRole('textbox').count(), 0, 'Monitor: nothing to write with');
    assert.deepEqual(await switches(panel), ['Switch to Coach', 'Switch to Barge in']);
    assert.equal(await onBoard.filter({ hasText: 'You are in it' }).count(), 1);

    // Both sides' typing reaches the monitoring supervisor.
    await customer.send({ operationName: 'SendStartTypingNotification' });
    await panel.getByText('Chris is typing…').waitFor();
    await agent.operate(chatId, { operationName: 'SendStartTypingNotification' });
    await panel.getByText(`${agent.userName} is typing…`).waitFor();
    await step(page, 'monitoring');
    await customer.send({ operationName: 'SendStopTypingNotification' });
    await agent.operate(chatId, { operationName: 'SendStopTypingNotification' });
    assert.ok(
      agent.all().every((d) => (d.messages ?? []).every((m) => m.from?.nickname !== sam)),
      'the agent learns nothing of a monitoring supervisor',
    );

    // Coach: whisper to the agent; the customer never receives it.
    await panel.getByRole('button', { name: 'Switch to Coach' }).click();
    await panel.getByRole('status').filter({ hasText: 'Mode: Coach' }).waitFor();
    assert.deepEqual(await switches(panel), ['Switch to Monitor', 'Switch to Barge in']);
    const box = panel.getByRole('textbox', { name: `Message in ${title}` });
    assert.equal(await panel.getByRole('combobox').count(), 0, 'Coach: agents only, no choice');
    await box.fill('Offer free shipping');
    const typing = await agentHears(
      agent,
      (m) => m.type === 'TypingStarted' && m.from?.nickname === sam,
      'coach typing',
    );
    assert.equal(typing.visibility, 'Agents');
    await panel.getByRole('button', { name: 'Send' }).click();
    const whisper = await agentHears(agent, (m) => m.text === 'Offer free shipping', 'the whisper');
    assert.equal(whisper.visibility, 'Agents');
    await transcript
      .getByRole('listitem')
      .filter({ hasText: 'Offer free shipping' })
      .filter({ hasText: 'to agents only' })
      .waitFor();
    await step(page, 'coaching');

    // Barge in: to everyone, the customer hears it.
    await panel.getByRole('button', { name: 'Switch to Barge in' }).click();
    await panel.getByRole('status').filter({ hasText: 'Mode: Barge in' }).waitFor();
    const audience = panel.getByRole('combobox', { name: `Message in ${title}: send to` });
    assert.deepEqual(await audience.locator('option').allTextContents(), ['Agents only', 'Everyone']);
    await audience.selectOption({ label: 'Everyone' });
    await box.fill('Hello Chris, I am the supervisor.');
    await panel.getByRole('button', { name: 'Send' }).click();
    await customerHears(customer, 'Hello Chris, I am the supervisor.');
    assert.deepEqual(await customerTexts(customer), [
      'Where is my order?',
      'Let me check.',
      'Hello Chris, I am the supervisor.',
    ]);
    assert.ok(!customer.polled.some((m) => m.text === 'Offer free shipping'), 'never the whisper');
    await step(page, 'barged-in');

    // Back to Monitor, then Leave: the panel says so until closed.
    await panel.getByRole('button', { name: 'Switch to Monitor' }).click();
    await panel.getByRole('status').filter({ hasText: 'Mode: Monitor' }).waitFor();
    assert.equal(await panel.getByRole('textbox').count(), 0);
    await panel.getByRole('button', { name: 'Leave' }).click();
    await panel.getByText('You left this chat.').waitFor();
    assert.equal(
      await panel.getByRole('button', { name: /^Switch/ }).count(),
      0,
      'an ended copy switches nothing',
    );
    assert.equal(await panel.getByRole('button', { name: 'Leave' }).count(), 0);
    await step(page, 'left');
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });
    await agentChat(page, agent.userName, chatId)
      .getByRole('button', { name: `Intrude on chat ${chatId}` })
      .waitFor();

    // The audit trail, for this agent, newest first.
    await page.getByRole('tab', { name: 'Audit trail' }).click();
    await page.getByLabel('Agent', { exact: true }).selectOption({ label: agent.userName });
    const audit = page.getByRole('table', { name: 'Supervision audit trail' });
    await audit.getByRole('cell', { name: 'Intrude', exact: true }).waitFor();
    const rows = await audit
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => td.textContent)),
      );
    assert.deepEqual(rows, [
      [`${sam} (you)`, agent.userName, chatId, 'Leave', 'Monitor → —'],
      [`${sam} (you)`, agent.userName, chatId, 'Switch', 'Barge in → Monitor'],
      [`${sam} (you)`, agent.userName, chatId, 'Switch', 'Coach → Barge in'],
      [`${sam} (you)`, agent.userName, chatId, 'Switch', 'Monitor → Coach'],
      [`${sam} (you)`, agent.userName, chatId, 'Accept', '— → Monitor'],
      [`${sam} (you)`, agent.userName, chatId, 'Intrude', '— → Monitor'],
    ]);
    await step(page, 'audit');

    assert.deepEqual(opened.boardGets.length, 1, 'the board was fetched once, then only pushed');
    assert.equal(opened.navigations.length, 1, 'never reloaded');
    assert.deepEqual(opened.errors, [], 'nothing uncaught in the page');
    await opened.context.close();
  });

  test('monitoring an agent: its next chat is joined at once in Coach, and revoked when completed', async () => {
    const sue = suite.e2e.name('sue');
    await suite.e2e.createUser(sue, ['ROLE_SUPERVISOR'], 'sue-password');
    const opened = await openConsole(suite.browser, suite.e2e.url, sue, 'sue-password');
    const { page } = opened;
    await boardShown(page);
    const agent = await suite.e2e.agent('websocket');
    await agentInState(page, agent.userName, 'Not Ready');
    const row = agentRow(page, agent.userName);
    await row.getByLabel(`Mode to monitor ${agent.userName}`).selectOption({ label: 'Coach' });
    await row.getByLabel(`Which chats of ${agent.userName}`).selectOption({ label: 'Next chat' });
    await row.getByRole('button', { name: 'Start monitoring' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Coaching ${agent.userName}'s next chat.` })
      .waitFor();
    await row.getByText('Coaching next chat').waitFor();
    await step(page, 'monitoring-next-chat');

    const { chatId } = await acceptedChat(suite.e2e, agent, 'Dana');
    const panel = page.getByRole('region', { name: `Dana with ${agent.userName}` });
    await panel.getByRole('status').filter({ hasText: 'Mode: Coach' }).waitFor();
    assert.equal(
      await panel.getByRole('button', { name: 'Accept' }).count(),
      0,
      'joined without an invitation',
    );
    await page
      .getByRole('status')
      .filter({ hasText: `You joined chat ${chatId} (Coach).` })
      .waitFor();
    assert.equal(await row.getByText('Coaching next chat').count(), 0, 'the next chat is spent');
    assert.equal(
      (await agent.operate(chatId, { operationName: 'SendMessage', text: 'Hi Dana' })).statusCode,
      0,
    );
    await panel
      .getByRole('list', { name: `Transcript of Dana with ${agent.userName}` })
      .getByText('Hi Dana')
      .waitFor();
    await step(page, 'joined-by-monitoring');

    assert.equal((await agent.operate(chatId, { operationName: 'Complete' })).statusCode, 0);
    await panel
      .getByRole('status')
      .filter({ hasText: 'Ended Your supervision ended: the chat was completed, put back in a queue' })
      .waitFor();
    assert.equal(await panel.getByRole('textbox').count(), 0, 'a revoked copy writes nothing');
    assert.equal(await panel.getByRole('button', { name: 'Leave' }).count(), 0);
    await row.getByText('No chats').waitFor();
    await step(page, 'revoked');
    await panel.getByRole('button', { name: 'Close' }).click();
    await panel.waitFor({ state: 'detached' });

    await row.getByRole('button', { name: 'Stop' }).click();
    await page
      .getByRole('alert')
      .filter({
        hasText: `Stop monitoring ${agent.userName} failed: This agent is not monitored by this supervisor`,
      })
      .waitFor();
    assert.deepEqual(opened.errors, []);
    await opened.context.close();
  });

  test('an agent without the supervisor role is told the console is for supervisors only', async () => {
    const ann = suite.e2e.name('ann');
    await suite.e2e.createUser(ann, ['ROLE_AGENT'], 'ann-password');
    const opened = await openConsole(suite.browser, suite.e2e.url, ann, 'ann-password');
    const { page } = opened;
    const board = await page.waitForResponse((r) => new URL(r.url()).pathname === '/parley/v1/board');
    assert.equal(((await board.json()) as Data).statusCode, 5);
    await page.getByRole('heading', { name: 'Supervisors only' }).waitFor();
    await page
      .getByRole('alert')
      .filter({
        hasText: `This console is for supervisors only. Your account (${ann}) does not have the supervisor role`,
      })
      .waitFor();
    assert.equal(await page.getByRole('table').count(), 0, 'no board');
    assert.equal(await page.getByRole('tab').count(), 0, 'no views');
    await step(page, 'supervisors-only');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    assert.deepEqual(opened.errors, []);
    await opened.context.close();
  });
});

/** The mode switches a panel offers, in order. */
const switches = (panel: Locator) => panel.getByRole('button', { name: /^Switch to/ }).allTextContents();
