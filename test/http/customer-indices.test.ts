/**
 * The customer's transcript indices are its own (spec §6.1, §4.2): its n-th visible message is
 * its index n, so a coach's join and whispers leave no gap that would tell the customer that, and
 * when, hidden messages were sent. Polling by `index` counts in the same numbers, polling without
 * it gives what is new under the numbers it continues, and a message keeps its number in every poll.
 * Runs on SQLite and PostgreSQL: the per-audience numbering is the store's query.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { json, startTestApp } from '../support/app.js';
import type { Agent, Data } from '../support/chat-helpers.js';
import { acceptedChat, monitor, operate, readyAgent, Recorder, supervisor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';

describeEachStore('customer indices', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let rec: Recorder;
  let ann: Agent;
  let sam: Agent;
  let chatId: string;
  let token: string;
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    rec = new Recorder(t);
    ann = await readyAgent(t, 'ann');
    sam = await supervisor(t, 'sam');
    assert.equal((await monitor(t, sam, ann, { operationName: 'Coach', nickname: 'Coach' })).statusCode, 0);
    ({ chatId, token } = await acceptedChat(t, rec, ann));
  });
  after(() => t?.close());

  const poll = async (query = '') => {
    const response = await t.app.server.inject({
      method: 'GET',
      url: `/api/v2/chats/${token}/messages${query}`,
      headers: { contactcenterid: t.contactCenterId },
    });
    const body = json(response);
    assert.equal(body.statusCode, 0, JSON.stringify(body));
    return (body.messages as Data[]).map(
      (m) => `${String(m.index)} ${String(m.type)} ${String(m.text ?? '')}`,
    );
  };
  const customerSays = async (text: string) => {
    const response = await t.app.server.inject({
      method: 'POST',
      url: `/api/v2/chats/${token}`,
      headers: { contactcenterid: t.contactCenterId },
      payload: { operationName: 'SendMessage', text },
    });
    assert.equal(json(response).statusCode, 0);
  };
  const says = async (who: Agent, operationName: string, text: string) =>
    assert.equal((await operate(t, who, chatId, { operationName, text })).statusCode, 0, operationName);

  test(
    'hidden messages leave no gap: the customer counts 1..n, its polls continue the count',
    skip,
    async () => {
      // Chat-wide: 1 Chris joined, 2 ann joined, 3 the coach joined (Agents).
      await customerSays('hi');
      await says(sam, 'SendToAgents', 'offer the discount');
      await says(ann, 'SendToAgents', 'ok');
      await says(ann, 'SendMessage', 'a discount for you');
      const agentSees = await t.app.server.inject({
        method: 'GET',
        url: `/api/v2/me/chats/${chatId}/messages`,
        headers: ann.headers,
      });
      assert.deepEqual(
        (json(agentSees).messages as Data[]).map((m) => `${String(m.index)} ${String(m.visibility)}`),
        ['1 All', '2 All', '3 Agents', '4 All', '5 Agents', '6 Agents', '7 All'],
        'the chat-wide numbering, with the hidden messages in it',
      );
      assert.deepEqual(await poll(), [
        '1 ParticipantJoined ',
        '2 ParticipantJoined ',
        '3 Text hi',
        '4 Text a discount for you',
      ]);
      assert.deepEqual(await poll(), [], 'nothing new');

      await says(sam, 'SendToAgents', 'well done');
      await customerSays('thanks');
      await says(ann, 'SendToAgents', 'closing');
      await says(ann, 'SendMessage', 'bye');
      assert.deepEqual(await poll(), ['5 Text thanks', '6 Text bye'], 'new ones continue the count');
      assert.deepEqual(await poll(), []);
    },
  );

  test('polling by index counts in the customer’s numbers; each message keeps its number', skip, async () => {
    const everything = [
      '1 ParticipantJoined ',
      '2 ParticipantJoined ',
      '3 Text hi',
      '4 Text a discount for you',
    ];
    const all = [...everything, '5 Text thanks', '6 Text bye'];
    assert.deepEqual(await poll('?index=0'), all);
    assert.deepEqual(await poll('?index=1'), all);
    assert.deepEqual(await poll('?index=4'), all.slice(3));
    assert.deepEqual(await poll('?index=6'), ['6 Text bye']);
    assert.deepEqual(await poll('?index=7'), []);
    assert.deepEqual(await poll(`?index=${'9'.repeat(30)}`), [], 'beyond the end, however far');
    assert.deepEqual(await poll(), [], 'index polls gave nothing new');
  });
});
