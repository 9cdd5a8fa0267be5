/**
 * The agent desk (`/agent/`) in Chromium against the real server: an agent signs in through the
 * form, goes Ready, is offered chats by real routing from API-level customers (spec §6.1), talks
 * with them and hands chats over. What the customer receives is checked through the customer
 * API. Each state is checked with axe-core and photographed (agent-desk-supervised.test.ts: the
 * desk under supervision).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertAccessible, chromiumSkip } from '../support/browser.js';
import type { Data } from '../support/e2e-chat.js';
import {
  accept,
  basic,
  channelIs,
  Customer,
  customerReceives,
  deskRig,
  eventually,
  fromAgent,
  goReady,
  helperTakes,
  joinedAs,
  lines,
  notes,
  offerFrom,
  panelOf,
  people,
  says,
  shown,
  TITLE,
} from './desk-page.js';

describe('the agent desk', chromiumSkip(), () => {
  const rig = deskRig('agent-desk');

  test('sign in, go Ready, an offer that ticks, accept, talk both ways, reload, complete, sign out', async () => {
    const { name } = await rig.deskAgent('ann');
    const page = await rig.openPage();
    await page.getByLabel('User name').waitFor();
    assert.equal(await page.title(), TITLE);
    await assertAccessible(page, 'signed out');
    await rig.shots.take(page, 'signed-out');

    await rig.signIn(page, name);
    await page.getByText(name, { exact: true }).waitFor();
    await page.getByText('No chats are offered while you are Not Ready.').waitFor();
    await goReady(page);
    await page.getByText('Waiting for chats…').waitFor();
    await assertAccessible(page, 'idle Ready');
    await rig.shots.take(page, 'idle-ready');

    const customer = await Customer.request(rig.e2e, 'Chris', { subject: 'Late order' });
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
    await rig.shots.take(page, 'offer');

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
    await rig.shots.take(page, 'chatting');

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
    await rig.shots.take(page, 'reloaded');

    await panel.getByRole('button', { name: 'Complete' }).click();
    await panel.getByText('You completed this chat.').waitFor();
    const left = (m: Data) => m.type === 'ParticipantLeft' && fromAgent(m);
    await customerReceives(customer, 'the agent leaving', left);
    assert.equal(await composer.count(), 0, 'an ended chat has no composer');
    assert.equal(await panel.getByRole('button', { name: 'Complete' }).count(), 0);
    await assertAccessible(page, 'ended');
    await rig.shots.take(page, 'ended');
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByText('No chats in progress.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('User name').waitFor();
    const me = await rig.e2e.request('GET', '/api/v2/me?subresources=channels', basic(name));
    assert.deepEqual((me.body.user as Data).channels, [], 'signed out of the chat channel');
    await page.reload();
    await page.getByLabel('User name').waitFor();
  });

  test('two chats side by side, a rejected offer passes on, a failure is told, a transfer to a queue', async () => {
    const { name } = await rig.deskAgent('bo');
    const helper = await rig.e2e.agent('websocket');
    rig.helpers.push(helper);
    const page = await rig.openPage();
    await rig.signIn(page, name);
    await goReady(page);
    const dana = await Customer.request(rig.e2e, 'Dana', { subject: 'Refund' });
    await offerFrom(page, 'Dana').waitFor();
    const eli = await Customer.request(rig.e2e, 'Eli', { subject: 'Address change' });
    await offerFrom(page, 'Eli').waitFor();
    const danaPanel = await accept(page, 'Dana');
    const eliPanel = await accept(page, 'Eli');
    const [a, b] = [await danaPanel.boundingBox(), await eliPanel.boundingBox()];
    assert.ok(a && b && Math.abs(a.y - b.y) < 2 && b.x >= a.x + a.width, 'the two chats side by side');
    await assertAccessible(page, 'two chats');
    await rig.shots.take(page, 'two-chats');
    await page.reload();
    await says(danaPanel, 'Dana', 'Dana joined');
    await says(eliPanel, 'Eli', 'Eli joined');
    assert.equal(await page.getByRole('region', { name: /^(Dana|Eli)$/ }).count(), 2, 'both chats rebuilt');

    await Customer.request(rig.e2e, 'Fay', { subject: 'Wrong size' });
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
    await rig.shots.take(page, 'consult-failed');
    await helper.ready('Ready');
    await danaPanel.getByRole('button', { name: 'Consult', exact: true }).click();
    await shown(danaPanel, 'status', 'Consult: queue default has been asked to join.');
    await helperTakes(helper, 'Refund');
    const hal = danaPanel.getByRole('listitem').filter({ hasText: 'Hal (consultant)' });
    assert.equal(await hal.innerText(), 'Hal (consultant) — hidden from the customer');
    assert.deepEqual(await notes(danaPanel), ['Hal: Consulting — hidden from the customer']);
    assert.equal(await danaPanel.getByRole('alert').filter({ hasText: /./ }).count(), 0, 'failure cleared');

    const ivy = await rig.e2e.agent('websocket');
    rig.helpers.push(ivy);
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
    await rig.shots.take(page, 'conference');

    await helper.ready('Ready');
    await eliPanel.getByRole('button', { name: 'Transfer…' }).click();
    await eliPanel.getByLabel('Transfer to').selectOption({ label: 'A queue…' });
    await eliPanel.getByRole('button', { name: 'Transfer', exact: true }).click();
    await eliPanel.getByText('You transferred this chat to queue default.').waitFor();
    assert.equal(await eliPanel.getByLabel('Message to Eli', { exact: true }).count(), 0);
    await helperTakes(helper, 'Address change');
    await customerReceives(eli, 'the new agent', joinedAs('Hal'));
    await rig.shots.take(page, 'transferred');
    const customerView = ((await dana.chat()).participants as Data[]).map((p) => p.nickname);
    assert.deepEqual(customerView, ['Dana', name, 'Ivy'], 'the consultant is hidden from the customer');
    await dana.send({ operationName: 'Complete' });
    await danaPanel.getByText('Dana left the chat. Set a disposition if needed, then Complete.').waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await shown(page, 'alert', 'You have 1 open chat; it stays assigned to you.');
    await page.getByRole('button', { name: 'Sign out anyway' }).click();
    await page.getByLabel('User name').waitFor();
  });
});
