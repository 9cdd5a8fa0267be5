/**
 * One chat through the three screens at once, against one real server (issue 14's "Done when";
 * spec §2.1, §3.4, §4, §6.1; README "Collaboration", "Supervision"): a customer in the widget on a
 * shop's own origin, agent ann in the agent desk, supervisor sam in the supervisor console and
 * agent bob in a second desk — four browser contexts. Ann takes the chat; sam intrudes from the
 * board in Monitor, coaches, barges in and goes back to Monitor; ann transfers to bob, which
 * revokes sam's copy; bob completes. At each step every screen is checked for what it shows and
 * what it must not — on the customer's, never a whisper, a monitoring or coaching supervisor or
 * its typing, which is also checked in every answer the widget received — then photographed and
 * checked with axe-core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { Site } from '../support/browser.js';
import { chromiumSkip, embeddingSite, launchBrowser } from '../support/browser.js';
import { E2e } from '../support/e2e-chat.js';
import type { Screen } from './journey-page.js';
import {
  background,
  CustomerFeed,
  deskNotes,
  deskPanel,
  deskPeople,
  deskTranscript,
  isSam,
  lineWith,
  noSupervisorShown,
  offerFrom,
  openChatOf,
  openDesk,
  openScreen,
  passwordOf,
  SAM,
  setAvailability,
  startChat,
  Steps,
  transcriptLines,
  transferTo,
  typingShown,
} from './journey-page.js';
import { agentChat, agentInState, agentRow, boardShown, openConsole } from './supervisor-page.js';
import { lines as widgetLines, widget } from './widget-page.js';

const CONTACT_CENTER = '6d2c1f0a-7b3e-4c59-a8d4-91e0b7c35f12';
const WHISPER = 'Whisper: offer the storm-tent discount';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const REVOKED =
  'Ended Your supervision ended: the chat was completed, put back in a queue or transferred away from the agent.';

/** The customer's conversation lines (widget-page.ts `lines`): events, own lines, the others'. */
const event = (text: string) => ['event', text];
const own = (text: string) => ['own', `You: ${text}`];
const theirs = (who: string, text: string) => ['theirs', `${who}: ${text}`];

describe('one chat across the widget, two agent desks and the supervisor console', chromiumSkip(), () => {
  let e2e: E2e;
  let site: Site;
  let browser: Browser;
  const screens: Screen[] = [];
  const steps = new Steps();

  before(async () => {
    // The shop first: the server must name its origin. No data-contact-center on the tag: the
    // server's default contact center takes the customer's requests.
    site = await embeddingSite({ parley: () => e2e.url, attributes: { 'data-poll-ms': '200' } });
    e2e = await E2e.start('sqlite', {
      PARLEY_CONTACT_CENTER_ID: CONTACT_CENTER,
      PARLEY_DEFAULT_CONTACT_CENTER: CONTACT_CENTER,
      PARLEY_CORS_ORIGINS: site.origin,
    });
    browser = await launchBrowser();
  });
  after(async () => {
    for (const screen of screens) await screen.context.close();
    await browser?.close();
    await e2e?.stop();
    await site?.stop();
  });

  test('customer, ann, sam and bob: Monitor, Coach, Barge in, Monitor, Transfer, Complete', async () => {
    for (const name of ['ann', 'bob']) await e2e.createUser(name, ['ROLE_AGENT'], passwordOf(name));
    await e2e.createUser('sam', ['ROLE_SUPERVISOR'], passwordOf('sam'));

    // The four screens, each in its own browser context, signed in through their forms.
    const ann = await openDesk(browser, e2e.url, 'ann');
    const bob = await openDesk(browser, e2e.url, 'bob');
    const opened = await openConsole(browser, e2e.url, 'sam', passwordOf('sam'));
    const sam = opened.page;
    const customer = await openScreen(browser, site.url, DESKTOP);
    screens.push(ann, bob, { page: sam, context: opened.context, errors: opened.errors }, customer);
    const feed = new CustomerFeed(customer.page);
    const w = widget(customer.page);
    await boardShown(sam);

    // The chat's panels, named after the customer (ann's) and the customer and agent (sam's).
    const annPanel = deskPanel(ann.page, 'Chris');
    const annLines = deskTranscript(annPanel, 'Chris');
    const annComposer = annPanel.getByLabel('Message to Chris', { exact: true });
    const title = 'Chris with ann';
    const samPanel = sam.getByRole('region', { name: title });
    const samLines = samPanel.getByRole('list', { name: `Transcript of ${title}` });
    const samBox = samPanel.getByRole('textbox', { name: `Message in ${title}` });
    const samMode = (mode: string) =>
      samPanel
        .getByRole('status')
        .filter({ hasText: `Mode: ${mode}` })
        .waitFor();
    /** The step's screens, each photographed and checked with axe-core: `02-monitor-agent`. */
    const show = async (step: string, who: Record<string, Page>) => {
      for (const [name, page] of Object.entries(who)) await steps.show(page, `${step}-${name}`);
    };
    /** The customer's screen at a phone's width too (the rest of the time at a desktop's). */
    const phone = async (name: string) => {
      await customer.page.setViewportSize(PHONE);
      await steps.show(customer.page, name);
      await customer.page.setViewportSize(DESKTOP);
    };
    /** What each transcript must hold by now, extended step by step and compared whole. */
    const customerSaw: string[][] = [];
    const annSaw: string[] = [];
    const samSaw: string[] = [];
    const both = (...lines: string[]) => (annSaw.push(...lines), samSaw.push(...lines));
    const transcriptsAre = async (where: string, samToo = true) => {
      assert.deepEqual(await widgetLines(w.log), customerSaw, `${where}: the customer's conversation`);
      assert.deepEqual(await transcriptLines(annLines), annSaw, `${where}: ann's transcript`);
      if (samToo) assert.deepEqual(await transcriptLines(samLines), samSaw, `${where}: sam's transcript`);
    };

    // 1. The customer asks; ann (Ready) is offered the chat and accepts; bob (Not Ready) is not.
    await setAvailability(ann.page, 'Ready');
    await agentInState(sam, 'ann', 'Ready');
    await agentInState(sam, 'bob', 'Not Ready');
    await startChat(customer.page, 'Chris', 'Do you ship tents to Norway?');
    const offer = offerFrom(ann.page, 'Chris');
    await offer.waitFor();
    assert.match(await offer.innerText(), /Subject\s+Do you ship tents to Norway\?/);
    await bob.page.getByText('No chats are offered while you are Not Ready.').waitFor();
    assert.equal(await offerFrom(bob.page, 'Chris').count(), 0, 'bob, Not Ready, is offered nothing');
    await offer.getByRole('button', { name: 'Accept' }).click();
    await annPanel.getByRole('listitem').filter({ hasText: 'Chris (customer)' }).waitFor();
    await w.status.filter({ hasText: /^Chatting with ann$/ }).waitFor();
    await w.log.getByText('ann joined').waitFor();
    // Typing shown both ways, then a line each way.
    await w.message.pressSequentially('Hello, is a 4-person tent');
    await typingShown(annPanel.getByText('Chris is typing…'));
    await w.message.pressSequentially(' in stock?');
    await w.message.press('Enter');
    await lineWith(annLines, 'Hello, is a 4-person tent in stock?');
    await annPanel.getByText('Chris is typing…').waitFor({ state: 'hidden' });
    await annComposer.pressSequentially('Let me check the stock');
    await typingShown(w.panel.getByText('ann is typing…'));
    await annComposer.press('Enter');
    await w.log.getByText('Let me check the stock').waitFor();
    await w.panel.getByText('ann is typing…').waitFor({ state: 'hidden' });
    customerSaw.push(
      event('You joined'),
      event('ann joined'),
      own('Hello, is a 4-person tent in stock?'),
      theirs('ann', 'Let me check the stock'),
    );
    both('Chris: Chris joined', 'ann: ann joined', 'Chris: Hello, is a 4-person tent in stock?');
    both('ann: Let me check the stock');
    await transcriptsAre('chatting', false);
    assert.deepEqual(await deskPeople(annPanel, 'Chris'), ['Chris (customer)', 'ann (you)']);
    const chatId = await openChatOf(e2e, 'ann');
    const onBoard = agentChat(sam, 'ann', chatId);
    await onBoard.filter({ hasText: 'Chatting' }).waitFor();
    assert.equal(await agentRow(sam, 'bob').getByText('No chats').count(), 1);
    await show('01-chatting', { customer: customer.page, agent: ann.page, supervisor: sam, bob: bob.page });

    // 2. Sam intrudes from the board in Monitor and accepts: both sides' lines and typing reach
    // the console; neither ann nor the customer learns of sam.
    await onBoard.getByLabel(`Mode to intrude on chat ${chatId}`).selectOption({ label: 'Monitor' });
    await onBoard.getByRole('button', { name: `Intrude on chat ${chatId}` }).click();
    await samPanel.getByRole('status').filter({ hasText: 'Invited to join in Monitor.' }).waitFor();
    await samPanel.getByRole('button', { name: 'Accept' }).click();
    await samMode('Monitor');
    await lineWith(samLines, 'Let me check the stock'); // the history so far
    await w.message.pressSequentially('I need it by Friday');
    await typingShown(samPanel.getByText('Chris is typing…'));
    await annComposer.pressSequentially('Checking');
    await samPanel.getByText('ann is typing…').waitFor();
    assert.ok(await samPanel.getByText('Chris is typing…').isVisible(), 'both sides typing at once');
    await show('02-monitor', { supervisor: sam });
    await typingShown(samPanel.getByText('ann is typing…'), 500);
    await w.message.press('Enter');
    await annComposer.fill('We have it: 12 in stock.');
    await annComposer.press('Enter');
    await lineWith(samLines, 'We have it: 12 in stock.');
    await w.log.getByText('We have it: 12 in stock.').waitFor();
    await feed.pollAfterNow(); // the customer has polled since sam joined
    samSaw.push('sam: sam joined [supervisors only]');
    both('Chris: I need it by Friday', 'ann: We have it: 12 in stock.');
    customerSaw.push(own('I need it by Friday'), theirs('ann', 'We have it: 12 in stock.'));
    await transcriptsAre('Monitor'); // no trace of sam on ann's desk nor the customer's
    assert.equal(await samPanel.getByRole('textbox').count(), 0, 'Monitor: nothing to write with');
    assert.deepEqual(await deskPeople(annPanel, 'Chris'), ['Chris (customer)', 'ann (you)']);
    assert.equal(await deskNotes(annPanel).count(), 0, 'no supervision note on the desk in Monitor');
    assert.doesNotMatch(await annPanel.innerText(), SAM, 'Monitor is invisible to the agent');
    assert.deepEqual(await widgetLines(w.log), customerSaw);
    await noSupervisorShown(w.panel, 'Monitor');
    assert.equal(await w.status.textContent(), 'Chatting with ann');
    await show('02-monitor', { customer: customer.page, agent: ann.page });

    // 3. Coach: sam's typing and whisper reach ann, marked agents-only; the customer gets neither.
    await samPanel.getByRole('button', { name: 'Switch to Coach' }).click();
    await samMode('Coach');
    const coaching = annPanel.getByRole('listitem').filter({ hasText: 'sam (supervisor, coaching)' });
    await coaching.waitFor();
    assert.equal(await coaching.innerText(), 'sam (supervisor, coaching) — hidden from the customer');
    assert.deepEqual(await deskNotes(annPanel).getByRole('listitem').allInnerTexts(), [
      'sam: Supervisor coaching — the customer cannot see them',
    ]);
    assert.equal(await samPanel.getByRole('combobox').count(), 0, 'Coach: agents only, no choice');
    await samBox.pressSequentially('Whisper: offer');
    await typingShown(annPanel.getByText('sam is typing (to agents only)…'));
    assert.equal(await w.panel.getByText('sam is typing').count(), 0, 'the customer never sees a coach type');
    await samBox.pressSequentially(' the storm-tent discount');
    await samPanel.getByRole('button', { name: 'Send' }).click();
    const whisper = await lineWith(annLines, WHISPER);
    assert.equal(await whisper.getAttribute('data-visibility'), 'Agents');
    assert.equal(await whisper.locator('.audience').innerText(), 'to agents only');
    const plain = await lineWith(annLines, 'Hello, is a 4-person tent in stock?');
    assert.notEqual(await background(whisper), await background(plain), 'the whisper is styled apart');
    await annComposer.fill('Good news: 10% off storm tents today.');
    await annComposer.press('Enter');
    await w.log.getByText('Good news: 10% off storm tents today.').waitFor();
    await lineWith(samLines, 'Good news: 10% off storm tents today.');
    await feed.pollAfterNow();
    // A switch: a ParticipantLeft to whoever stops seeing sam, a ParticipantJoined to whoever
    // starts; who sees both reads them as one line.
    samSaw.push('sam: sam is now seen by agents [to agents only]');
    annSaw.push('sam: sam joined [to agents only]');
    both(`sam: ${WHISPER} [to agents only]`);
    both('ann: Good news: 10% off storm tents today.');
    customerSaw.push(theirs('ann', 'Good news: 10% off storm tents today.'));
    await transcriptsAre('Coach');
    await noSupervisorShown(w.panel, 'Coach');
    assert.equal(await w.status.textContent(), 'Chatting with ann');
    await show('03-coach', { customer: customer.page, agent: ann.page, supervisor: sam });
    await phone('03-coach-customer-375px');
    const unseen = await feed.since(0);
    assert.deepEqual(unseen.messages.filter(isSam), [], 'no entry of sam reached the widget yet');
    assert.ok(!unseen.participants.some((p) => SAM.test(String(p.nickname))), 'nor sam as a participant');
    const beforeBargeIn = await feed.mark();

    // 4. Barge in: the customer sees sam join, type and write to everyone; ann sees it too.
    await samPanel.getByRole('button', { name: 'Switch to Barge in' }).click();
    await samMode('Barge in');
    await w.log.getByText('sam joined').waitFor();
    await w.status.filter({ hasText: /^Chatting with ann and sam$/ }).waitFor();
    const audience = samPanel.getByRole('combobox', { name: `Message in ${title}: send to` });
    assert.deepEqual(await audience.locator('option').allTextContents(), ['Agents only', 'Everyone']);
    await audience.selectOption({ label: 'Everyone' });
    await samBox.pressSequentially('Hello Chris,');
    await typingShown(w.panel.getByText('sam is typing…'));
    await samBox.pressSequentially(' I lead the tents team.');
    await samPanel.getByRole('button', { name: 'Send' }).click();
    await w.log.getByText('Hello Chris, I lead the tents team.').waitFor();
    const barged = await lineWith(annLines, 'Hello Chris, I lead the tents team.');
    assert.equal(await barged.getAttribute('data-visibility'), 'All');
    const bargedIn = annPanel.getByRole('listitem').filter({ hasText: 'sam (supervisor, barged in)' });
    assert.equal(await bargedIn.innerText(), 'sam (supervisor, barged in)', 'no longer hidden');
    assert.deepEqual(await deskNotes(annPanel).getByRole('listitem').allInnerTexts(), [
      'sam: Supervisor joined the chat',
    ]);
    both('sam: sam is now seen by everyone', 'sam: Hello Chris, I lead the tents team.');
    customerSaw.push(event('sam joined'), theirs('sam', 'Hello Chris, I lead the tents team.'));
    await transcriptsAre('Barge in'); // the whisper stays unseen by the customer
    await show('04-barge-in', { customer: customer.page, agent: ann.page, supervisor: sam });

    // 5. Back to Monitor: the customer sees sam leave, ann no longer lists sam; sam cannot write.
    await samPanel.getByRole('button', { name: 'Switch to Monitor' }).click();
    await samMode('Monitor');
    await w.log.getByText('sam left').waitFor();
    await w.status.filter({ hasText: /^Chatting with ann$/ }).waitFor();
    await bargedIn.waitFor({ state: 'detached' });
    assert.deepEqual(await deskPeople(annPanel, 'Chris'), ['Chris (customer)', 'ann (you)']);
    assert.equal(await deskNotes(annPanel).count(), 0);
    // Monitor gives sam nothing to type with (so nothing sam could type reaches anyone).
    assert.equal(await samPanel.getByRole('textbox').count(), 0);
    await samPanel.getByText('You are silent in this mode. Switch to Coach or Barge in to write.').waitFor();
    await annComposer.fill('Shall I reserve one for you?');
    await annComposer.press('Enter');
    await w.log.getByText('Shall I reserve one for you?').waitFor();
    await lineWith(samLines, 'Shall I reserve one for you?');
    await feed.pollAfterNow();
    annSaw.push('sam: sam left');
    samSaw.push('sam: sam is now seen by supervisors only [supervisors only]');
    both('ann: Shall I reserve one for you?');
    customerSaw.push(event('sam left'), theirs('ann', 'Shall I reserve one for you?'));
    await transcriptsAre('Monitor again');
    assert.equal(await w.panel.getByText('is typing').count(), 0, 'no one typing, sam least of all');
    await show('05-monitor-again', { customer: customer.page, agent: ann.page, supervisor: sam });
    assert.deepEqual(
      (await feed.since(beforeBargeIn)).messages.filter(isSam).map((m) => m.type),
      ['ParticipantJoined', 'TypingStarted', 'Text', 'TypingStopped', 'ParticipantLeft'],
      'the customer received sam only while barged in',
    );

    // 6. Ann transfers to bob (Ready), picked from the agent list; sam's copy is revoked.
    await setAvailability(bob.page, 'Ready');
    await agentInState(sam, 'bob', 'Ready');
    await transferTo(annPanel, 'bob (Ready)', ['bob (Ready)', 'A queue…']);
    await annPanel.getByText('You transferred this chat to bob.').waitFor();
    assert.equal(await annComposer.count(), 0, 'a transferred chat has no composer on ann’s desk');
    await w.log.getByText('ann left').waitFor();
    await w.status.filter({ hasText: 'Waiting for an agent…' }).waitFor();
    await samPanel.getByRole('status').filter({ hasText: REVOKED }).waitFor();
    assert.equal(await samPanel.getByRole('button', { name: /^Switch to/ }).count(), 0, 'nothing to switch');
    assert.equal(await samPanel.getByRole('button', { name: 'Leave' }).count(), 0);
    const bobOffer = offerFrom(bob.page, 'Chris');
    await bobOffer.waitFor();
    await agentChat(sam, 'bob', chatId).filter({ hasText: 'Offered' }).waitFor();
    await agentRow(sam, 'ann').getByText('No chats').waitFor();
    customerSaw.push(event('ann left'));
    await transcriptsAre('transferred');
    await show('06-transferred', {
      customer: customer.page,
      agent: ann.page,
      supervisor: sam,
      bob: bob.page,
    });

    await bobOffer.getByRole('button', { name: 'Accept' }).click();
    const bobPanel = deskPanel(bob.page, 'Chris');
    const bobLines = deskTranscript(bobPanel, 'Chris');
    await bobPanel.getByRole('listitem').filter({ hasText: 'Chris (customer)' }).waitFor();
    assert.deepEqual(await deskPeople(bobPanel, 'Chris'), ['Chris (customer)', 'bob (you)']);
    await w.log.getByText('bob joined').waitFor();
    await w.status.filter({ hasText: /^Chatting with bob$/ }).waitFor();
    const bobComposer = bobPanel.getByLabel('Message to Chris', { exact: true });
    await bobComposer.fill('Hi Chris, I have reserved your tent.');
    await bobComposer.press('Enter');
    await w.log.getByText('Hi Chris, I have reserved your tent.').waitFor();
    await w.message.fill('Thank you, bob!');
    await w.message.press('Enter');
    await lineWith(bobLines, 'Thank you, bob!');
    await agentChat(sam, 'bob', chatId).filter({ hasText: 'Chatting' }).waitFor();
    customerSaw.push(event('bob joined'), theirs('bob', 'Hi Chris, I have reserved your tent.'));
    customerSaw.push(own('Thank you, bob!'));
    // Bob is handed the agents' transcript; ann's and sam's copies ended with the transfer.
    const bobSaw = [
      ...annSaw,
      'ann: ann left',
      'bob: bob joined',
      'bob: Hi Chris, I have reserved your tent.',
    ];
    bobSaw.push('Chris: Thank you, bob!');
    assert.deepEqual(await transcriptLines(bobLines), bobSaw);
    await transcriptsAre('with bob');
    await show('06-with-bob', { customer: customer.page, agent: ann.page, supervisor: sam, bob: bob.page });
    await phone('06-with-bob-customer-375px');

    // 7. Bob completes: every screen shows the end.
    await bobPanel.getByRole('button', { name: 'Complete' }).click();
    await bobPanel.getByText('You completed this chat.').waitFor();
    assert.equal(await bobComposer.count(), 0);
    await w.status.filter({ hasText: 'Chat ended' }).waitFor();
    await w.log.getByText('bob left').waitFor();
    await w.panel.getByText('This chat has ended. Thank you for chatting with us.').waitFor();
    assert.equal(await w.message.count(), 0, 'no message box once ended');
    await w.button('Start a new chat').waitFor();
    await agentRow(sam, 'bob').getByText('No chats').waitFor();
    const queued = sam.getByRole('table', { name: 'Queued chats' });
    await queued.getByRole('cell', { name: 'No chat is waiting for an agent.' }).waitFor();
    await samPanel.getByRole('status').filter({ hasText: REVOKED }).waitFor();
    await annPanel.getByText('You transferred this chat to bob.').waitFor();
    customerSaw.push(event('bob left'));
    assert.deepEqual(await transcriptLines(bobLines), bobSaw);
    await transcriptsAre('ended');
    await show('07-ended', { customer: customer.page, agent: ann.page, supervisor: sam, bob: bob.page });

    // Over the whole chat, in every answer the widget received: never the whisper, never a mode.
    const everything = JSON.stringify(await feed.all());
    assert.ok(!everything.includes('storm-tent discount'), 'the whisper never reached the customer');
    assert.ok(!everything.includes('supervisorMode'), 'the customer’s views never name a mode');
    for (const screen of screens) assert.deepEqual(screen.errors, [], 'nothing uncaught in any page');
  });
});
