/**
 * A supervised chat re-queued by its agent, against the real process (spec §4.5): Complete with
 * `queueName` revokes the supervisor's copy, the customer waits again and sees only the agent
 * leave; the audit trail says so (supervision-modes.test.ts: the modes themselves).
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Customer } from '../support/e2e-chat.js';
import { acceptedChat, assertQuiet, E2e } from '../support/e2e-chat.js';
import { completeChat, customerSays, monitor } from '../support/e2e-supervision.js';
import { describeEachStack } from '../support/e2e-stack.js';
import { line, who } from '../support/e2e-views.js';

describeEachStack('a supervised chat re-queued through the real server', (stack) => {
  let e2e: E2e;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => e2e.disconnectAll());
  after(() => e2e.stop());

  /** What the customer's polling has returned so far, one line per message. */
  const customerLines = async (customer: Customer) => {
    await customer.poll();
    return customer.polled.map(line);
  };

  test('Complete with queueName re-queues the chat: the supervisor is Revoked, the customer waits', async () => {
    const ann = await e2e.agent('websocket');
    const sam = await e2e.supervisor('long-polling');
    await monitor(sam, ann, { operationName: 'Coach' });
    const chat = await acceptedChat(e2e, ann);
    await customerSays(chat.customer, 'ping', ann, sam);
    await completeChat(ann, chat.chatId, { queueName: 'billing' }, sam);
    const waiting = await chat.customer.chat();
    assert.deepEqual([waiting.state, who(waiting)], ['WaitingForAgent', ['Chris']]);
    assert.deepEqual(await customerLines(chat.customer), [
      '1 ParticipantJoined Chris',
      `2 ParticipantJoined ${ann.userName}`,
      '3 Text Chris ping',
      `4 ParticipantLeft ${ann.userName}`,
    ]);
    assert.deepEqual(await chat.customer.send({ operationName: 'Complete' }), { statusCode: 0 });
    assert.equal((await chat.customer.chat()).state, 'Idle');
    await assertQuiet(ann, sam);
    const names = { [sam.id]: 'sam', [chat.chatId]: 'c1' };
    assert.deepEqual(await e2e.audit(ann.id, names), [
      'Subscribe null→Coach sam -',
      'Join null→Coach sam c1',
      'Revoked Coach→null sam c1',
    ]);
  });
});
