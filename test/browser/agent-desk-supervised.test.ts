/**
 * The agent desk under supervision, in Chromium against the real server: an API-level supervisor
 * coaches (spec §2.1, §4.3) or monitors where the contact center tells agents
 * (showMonitoringToAgents). The desk marks it; what the customer receives is checked through the
 * customer API, what must never reach it included. Each state is checked with axe-core and
 * photographed.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertAccessible, chromiumSkip } from '../support/browser.js';
import type { Data } from '../support/e2e-chat.js';
import { intrude } from '../support/e2e-supervision.js';
import {
  accept,
  background,
  basic,
  Customer,
  customerReceives,
  deskRig,
  goReady,
  lines,
  notes,
  people,
  says,
  succeeded,
} from './desk-page.js';

describe('the agent desk under supervision', chromiumSkip(), () => {
  const rig = deskRig('agent-desk-supervised');

  /**
   * A desk agent (Not Ready again) chatting with a customer, and an API-level supervisor that
   * intruded in `mode` and accepted as `nickname`.
   */
  async function supervised(prefix: string, nickname: string, mode: string, supervisorName: string) {
    const { name, id } = await rig.deskAgent(prefix);
    const page = await rig.openPage();
    await rig.signIn(page, name);
    await goReady(page);
    const customer = await Customer.request(rig.e2e, nickname, { subject: `${nickname}'s question` });
    const panel = await accept(page, nickname);
    await goReady(page, 'Not Ready');
    const chats = (await rig.e2e.request('GET', '/api/v2/me/chats?fields=*', basic(name))).body
      .chats as Data[];
    const chatId = chats[0]?.id as string;
    const supervisor = await rig.e2e.supervisor('websocket');
    succeeded((await intrude(supervisor, id, chatId, { supervisorVisibilityMode: mode })).body);
    await supervisor.until((d) => d.chat?.state === 'Invited', 'the intrusion');
    succeeded(await supervisor.operate(chatId, { operationName: 'Accept', nickname: supervisorName }));
    return { name, page, panel, customer, chatId, supervisor };
  }

  test('a coaching supervisor: hidden from the customer, its whisper marked; agents-only lines never reach the customer', async () => {
    const { page, panel, customer, chatId, supervisor, name } = await supervised('cy', 'Gus', 'Coach', 'Sam');
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
    await rig.shots.take(page, 'coached');

    await panel.getByRole('button', { name: 'Complete' }).click();
    await panel.getByText('You completed this chat.').waitFor();
    await supervisor.until((d) => d.chat?.state === 'Revoked', 'the supervisor revoked');
    await rig.shots.take(page, 'coached-ended');
  });

  test('monitored where the contact center tells agents: a marker on the desk, nothing for the customer', async () => {
    await rig.e2e.admin({ operationName: 'UpdateSettings', settings: { showMonitoringToAgents: true } });
    try {
      const { page, panel, customer, chatId, supervisor, name } = await supervised(
        'my',
        'Ida',
        'Monitor',
        'Mo',
      );
      const mo = people(panel, 'Ida').filter({ hasText: 'Mo' });
      await mo.waitFor();
      assert.equal(await mo.innerText(), 'Mo (supervisor, monitoring) — hidden from the customer');
      assert.deepEqual(await notes(panel), ['Mo: Supervisor monitoring']);
      await says(panel, 'Ida', 'Mo joined');
      await assertAccessible(page, 'monitored');
      await rig.shots.take(page, 'monitored');
      await customerReceives(customer, 'its own line', (m) => m.type === 'ParticipantJoined');
      await customer.poll();
      assert.deepEqual(
        customer.polled.filter((m) => (m.from as Data).nickname === 'Mo'),
        [],
        'the customer is not told',
      );
      const seen = ((await customer.chat()).participants as Data[]).map((p) => p.nickname);
      assert.deepEqual(seen, ['Ida', name]);
      succeeded(await supervisor.operate(chatId, { operationName: 'Leave' }));
      await mo.waitFor({ state: 'detached' });
      assert.deepEqual(await notes(panel), []);
    } finally {
      await rig.e2e.admin({ operationName: 'UpdateSettings', settings: { showMonitoringToAgents: false } });
    }
  });
});
