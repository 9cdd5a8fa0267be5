/**
 * Transfer against the real server (spec §2 Transfer, Reject; §4.5; §6.1), on one node and on
 * the cluster, with the first agent and the others on each CometD transport in turn: ann accepts
 * a chat that supervisor sam coaches (a Coach subscription on ann, spec §4.1), then hands it to
 * agent bob or to a queue. Every party's notifications, its GETs and the customer's view and
 * polling are asserted whole, and nothing else may arrive. Also the denials of a hand-over.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { assertQuiet, E2e } from '../support/e2e-chat.js';
import type { CoachedChat } from '../support/e2e-collaboration.js';
import { INVITED } from '../support/e2e-chat-views.js';
import { Cast, operated, PAIRS, refused } from '../support/e2e-collaboration.js';
import { describeEachStack } from '../support/e2e-stack.js';
import { agentOfAnotherContactCenter, completeChat, customerSays } from '../support/e2e-supervision.js';
import { agentCapabilities } from '../support/e2e-views.js';

describeEachStack('Transfer through the real server', (stack) => {
  let e2e: E2e;
  let cast: Cast | undefined;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => cast?.release());
  after(() => e2e.stop());

  /** The audit trail of sam on ann's chat: subscribed, joined with ann, revoked (spec §4.5). */
  const auditedRevoked = async ({ ann, sam, chatId }: CoachedChat) =>
    assert.deepEqual(await e2e.audit(ann.id, { [sam.id]: 'sam', [chatId]: 'c1' }), [
      'Subscribe null→Coach sam -',
      'Join null→Coach sam c1',
      'Revoked Coach→null sam c1',
    ]);

  for (const [first, second] of PAIRS) {
    test(`to an agent: ann Completed, sam Revoked, bob Invited then Chatting with the history (${first}, ${second})`, async () => {
      cast = new Cast(e2e, first, second);
      const chat = await cast.coachedChat();
      const { ann, sam, customer, chatId, v } = chat;
      const bob = await cast.agent('second', true); // Ready only now: routing gave the chat to ann
      const cal = await cast.agent('first'); // Not Ready
      v.know(bob);
      const heard = await customerSays(customer, 'hello', ann, sam);
      for (const notes of heard) assert.deepEqual(v.lines(notes), ['4 Text Chris:All hello']);

      // Denials change nothing and announce nothing (spec §1.3: an error modifies nothing).
      const elsewhere = `${e2e.url}/api/v2/users/${await agentOfAnotherContactCenter(e2e)}`;
      const denials: [object, number][] = [
        [{ operationName: 'Transfer', targetUri: elsewhere }, 6],
        [{ operationName: 'Invite', targetUri: elsewhere }, 6],
        [{ operationName: 'Transfer', targetUri: `${e2e.url}/api/v2/chats/${chatId}` }, 10],
        [{ operationName: 'Consult', targetUri: 'bob' }, 10],
        [{ operationName: 'Transfer', targetUri: cal.uri }, 19], // Not Ready: spec §1.3 "in use"
        [{ operationName: 'Transfer', targetUri: ann.uri }, 2],
        [{ operationName: 'Transfer', targetUri: bob.uri, queueName: 'billing' }, 10],
      ];
      for (const [body, statusCode] of denials) await refused(ann, chatId, body, statusCode);
      await assertQuiet(ann, sam, bob, cal);

      const ref = await operated(ann, chatId, { operationName: 'Transfer', targetUri: bob.uri });
      assert.deepEqual(await ann.next(1, 'Completed'), [v.final('Completed', ref)]);
      assert.deepEqual(await sam.next(1, 'Revoked'), [v.final('Revoked', ref)]);
      const invited = v.learn(bob, await bob.next(1, 'invitation'));
      assert.deepEqual(invited, [v.status(bob, 'Invited', INVITED, ref)]);
      assert.deepEqual(await v.mine(ann), { statusCode: 0, chat: v.chat(ann, 'Completed', []) });
      await v.customerSees('WaitingForAgent', ['Chris']);
      // The customer's own numbering (spec §6.1): the coach's join leaves no gap.
      assert.deepEqual(await v.heard(), ['3 Text Chris hello', `4 ParticipantLeft ${ann.userName}`]);
      await assertQuiet(ann, sam, bob, cal);

      const accepted = await operated(bob, chatId, { operationName: 'Accept', nickname: bob.userName });
      const bobSaw = v.learn(bob, await bob.next(3, 'Accept'));
      const caps = agentCapabilities(false);
      const members = ['Chris:All', `${bob.userName}:All`];
      assert.deepEqual(bobSaw.slice(0, 2), [
        v.status(bob, 'Chatting', caps, accepted),
        v.updated(bob, caps, members, accepted),
      ]);
      assert.deepEqual(v.lines(bobSaw.slice(2)), [
        '1 ParticipantJoined Chris:All',
        `2 ParticipantJoined ${ann.userName}:All`,
        `3 ParticipantJoined ${sam.userName}:Agents`,
        '4 Text Chris:All hello',
        `5 ParticipantLeft ${ann.userName}:All`,
        `6 ParticipantLeft ${sam.userName}:Agents`, // Revoked while present: seen leaving by agents
        `7 ParticipantJoined ${bob.userName}:All`,
      ]);
      assert.deepEqual(await v.mine(bob), { statusCode: 0, chat: v.chat(bob, 'Chatting', caps, members) });
      await v.customerSees('Chatting', ['Chris', bob.userName]);
      assert.deepEqual(await v.heard(), [`5 ParticipantJoined ${bob.userName}`]);

      const [asked] = await customerSays(customer, 'are you there?', bob);
      assert.deepEqual(v.lines(asked ?? []), ['8 Text Chris:All are you there?']);
      await operated(bob, chatId, { operationName: 'SendMessage', text: 'Bob here' });
      assert.deepEqual(v.lines(await bob.next(1)), [`9 Text ${bob.userName}:All Bob here`]);
      assert.deepEqual(await v.heard(), ['6 Text Chris are you there?', `7 Text ${bob.userName} Bob here`]);
      await completeChat(bob, chatId, {});
      assert.deepEqual(await v.heard(), [`8 ParticipantLeft ${bob.userName}`]);
      await v.customerSees('Idle', ['Chris']);
      await assertQuiet(ann, sam, bob, cal);
      await auditedRevoked(chat);
    });

    test(`to a queue: ann Completed, sam Revoked, routing offers it to bob; Reject; then cal (${first}, ${second})`, async () => {
      cast = new Cast(e2e, first, second);
      const chat = await cast.coachedChat();
      const { ann, sam, chatId, v } = chat;
      await ann.ready('Ready'); // ann is Ready too, and idle longer than bob
      const bob = await cast.agent('second', true);
      v.know(bob);

      const ref = await operated(ann, chatId, { operationName: 'Transfer', queueName: 'billing' });
      assert.deepEqual(await ann.next(1, 'Completed'), [v.final('Completed', ref)]);
      assert.deepEqual(await sam.next(1, 'Revoked'), [v.final('Revoked', ref)]);
      const offered = v.learn(bob, await bob.next(1, 'offer'));
      assert.deepEqual(offered, [v.status(bob, 'Invited', INVITED)], 'routing offers it to bob, not ann');
      await ann.ready('NotReady');
      await bob.ready('NotReady');
      await v.customerSees('WaitingForAgent', ['Chris']);
      assert.deepEqual(await v.heard(), [`3 ParticipantLeft ${ann.userName}`]);
      await assertQuiet(ann, sam, bob);

      // spec §2 Reject: StatusChange Completed with participants []; the chat goes back to its queue.
      const rejected = await operated(bob, chatId, { operationName: 'Reject' });
      const gone = {
        ...v.final('Completed', rejected),
        chat: { ...v.chat(bob, 'Completed', []), participants: [] },
      };
      assert.deepEqual(await bob.next(1, 'Rejected'), [gone]);
      await v.customerSees('WaitingForAgent', ['Chris']);
      await assertQuiet(ann, sam, bob);

      const cal = await cast.agent('first', true);
      v.know(cal);
      const [calOffered] = v.learn(cal, await cal.next(1, 'offer'));
      await cal.ready('NotReady');
      assert.deepEqual(calOffered, v.status(cal, 'Invited', INVITED));
      const accepted = await operated(cal, chatId, { operationName: 'Accept', nickname: cal.userName });
      const calSaw = v.learn(cal, await cal.next(3, 'Accept'));
      const caps = agentCapabilities(false);
      const members = ['Chris:All', `${cal.userName}:All`];
      assert.deepEqual(calSaw.slice(0, 2), [
        v.status(cal, 'Chatting', caps, accepted),
        v.updated(cal, caps, members, accepted),
      ]);
      assert.deepEqual(v.lines(calSaw.slice(2)), [
        '1 ParticipantJoined Chris:All',
        `2 ParticipantJoined ${ann.userName}:All`,
        `3 ParticipantJoined ${sam.userName}:Agents`,
        `4 ParticipantLeft ${ann.userName}:All`,
        `5 ParticipantLeft ${sam.userName}:Agents`, // Revoked by the re-queue while present
        `6 ParticipantJoined ${cal.userName}:All`,
      ]);
      await v.customerSees('Chatting', ['Chris', cal.userName]);
      assert.deepEqual(await v.heard(), [`4 ParticipantJoined ${cal.userName}`]);
      await completeChat(cal, chatId, {});
      await assertQuiet(ann, sam, bob, cal);
      await auditedRevoked(chat);
    });
  }
});
