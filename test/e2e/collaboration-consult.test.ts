/**
 * Consult against the real server (spec §2 Consult, Transfer; §3.1 chatType; §4.2), on one node
 * and on the cluster, with the first agent and the others on each CometD transport in turn: ann,
 * coached by supervisor sam, consults bob, who is seen by agents only (visibility Agents) and
 * talks to agents only; then ann transfers the chat to him and the customer meets him. Every
 * party's notifications, GETs and the customer's view and polling are asserted whole.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Party } from '../support/e2e-chat.js';
import { assertQuiet, E2e } from '../support/e2e-chat.js';
import { COACH, COACH_VIEW, INVITED } from '../support/e2e-chat-views.js';
import type { CoachedChat } from '../support/e2e-collaboration.js';
import { Cast, operated, PAIRS, refused, seenJoining } from '../support/e2e-collaboration.js';
import { describeEachStack } from '../support/e2e-stack.js';
import { completeChat, customerSays } from '../support/e2e-supervision.js';
import { agentCapabilities, CONSULTANT_CAPABILITIES } from '../support/e2e-views.js';

const CONSULT_VIEW = { chatType: 'Consult' };

describeEachStack('Consult through the real server', (stack) => {
  let e2e: E2e;
  let cast: Cast | undefined;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => cast?.release());
  after(() => e2e.stop());

  /**
   * ann consults `targetUri` (bob, Ready, or a queue routing picks him from); bob accepts: seen by
   * agents and supervisors with visibility Agents, never by the customer; everyone's views asserted.
   */
  const consulted = async (chat: CoachedChat, bob: Party, targetUri: string) => {
    const { ann, sam, chatId, v } = chat;
    const [a, b, s] = [ann.userName, bob.userName, sam.userName];
    const annCaps = agentCapabilities(true, true);
    const ref = await operated(ann, chatId, { operationName: 'Consult', targetUri });
    const invited = v.learn(bob, await bob.next(1, 'invitation'));
    assert.deepEqual(invited, [v.status(bob, 'Invited', INVITED, ref, CONSULT_VIEW)]);
    const before = ['Chris:All', `${a}:All`, `${s}:Agents`];
    assert.deepEqual(await ann.next(1), [v.updated(ann, annCaps, before, ref)], 'spec §5.3 Consult');
    assert.deepEqual(await sam.next(1), [v.updated(sam, COACH, before, ref, COACH_VIEW)]);
    await bob.ready('NotReady');

    const accepted = await operated(bob, chatId, { operationName: 'Accept', nickname: b });
    const members = [...before, `${b}:Agents`];
    const bobSaw = v.learn(bob, await bob.next(3, 'Accept'));
    assert.deepEqual(bobSaw.slice(0, 2), [
      v.status(bob, 'Chatting', CONSULTANT_CAPABILITIES, accepted, CONSULT_VIEW),
      v.updated(bob, CONSULTANT_CAPABILITIES, members, accepted, CONSULT_VIEW),
    ]);
    const joined = `4 ParticipantJoined ${b}:Agents`;
    assert.deepEqual(v.lines(bobSaw.slice(2)), [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${a}:All`,
      `3 ParticipantJoined ${s}:Agents`,
      joined,
    ]);
    await seenJoining(chat, annCaps, joined, members, accepted);
    const consulting = v.chat(bob, 'Chatting', CONSULTANT_CAPABILITIES, members, CONSULT_VIEW);
    assert.deepEqual(await v.mine(bob), { statusCode: 0, chat: consulting });
    await v.customerSees('Chatting', ['Chris', a]);
    assert.deepEqual(await v.heard(), [], 'the customer never learns of the consultant');
  };

  for (const [first, second] of PAIRS) {
    test(`Consult: bob is seen and heard by agents only; then ann transfers to him (${first}, ${second})`, async () => {
      cast = new Cast(e2e, first, second);
      const chat = await cast.coachedChat();
      const { ann, sam, customer, chatId, v } = chat;
      const bob = await cast.agent('second', true);
      v.know(bob);
      const [a, b] = [ann.userName, bob.userName];

      await consulted(chat, bob, bob.uri);

      // The consultant talks to agents only; SendMessage and customer typing are refused.
      await operated(bob, chatId, { operationName: 'SendToAgents', text: 'what is it?' });
      for (const p of [ann, bob, sam])
        assert.deepEqual(v.lines(await p.next(1)), [`5 Text ${b}:Agents what is it?`]);
      for (const operationName of ['SendMessage', 'SendStartTypingNotification', 'SendUrl'])
        await refused(bob, chatId, { operationName, text: 'x', url: 'https://example.com' }, 2);
      const heard = await customerSays(customer, 'hello?', ann, bob, sam);
      for (const notes of heard) assert.deepEqual(v.lines(notes), ['6 Text Chris:All hello?']);
      await operated(ann, chatId, { operationName: 'SendToAgents', text: 'please take over' });
      for (const p of [ann, bob, sam])
        assert.deepEqual(v.lines(await p.next(1)), [`7 Text ${a}:Agents please take over`]);
      assert.deepEqual(await v.heard(), ['3 Text Chris hello?'], 'numbered without the whispers');
      await assertQuiet(ann, bob, sam);

      // Transfer to the consultant: he becomes visible to all; ann's copy ends; sam (on ann) is Revoked.
      const moved = await operated(ann, chatId, { operationName: 'Transfer', targetUri: bob.uri });
      assert.deepEqual(await ann.next(1), [v.final('Completed', moved)]);
      assert.deepEqual(await sam.next(1), [v.final('Revoked', moved)]);
      const bobCaps = agentCapabilities(false);
      const alone = ['Chris:All', `${b}:All`];
      const handed = await bob.next(4, 'the hand-over');
      assert.deepEqual(handed[0], v.updated(bob, bobCaps, alone, moved));
      assert.deepEqual(v.lines(handed.slice(1)), [
        `8 ParticipantLeft ${b}:Agents`,
        `9 ParticipantJoined ${b}:All`,
        `10 ParticipantLeft ${a}:All`,
        `11 ParticipantLeft ${sam.userName}:Agents`, // Revoked while present: bob sees sam go
      ]);
      assert.deepEqual(await v.mine(bob), { statusCode: 0, chat: v.chat(bob, 'Chatting', bobCaps, alone) });
      await v.customerSees('Chatting', ['Chris', b]);
      assert.deepEqual(await v.heard(), [`4 ParticipantJoined ${b}`, `5 ParticipantLeft ${a}`]);

      await operated(bob, chatId, { operationName: 'SendMessage', text: 'I can help' });
      assert.deepEqual(v.lines(await bob.next(1)), [`12 Text ${b}:All I can help`]);
      assert.deepEqual(await v.heard(), [`6 Text ${b} I can help`]);
      await completeChat(bob, chatId, {});
      assert.deepEqual(await v.heard(), [`7 ParticipantLeft ${b}`]);
      await assertQuiet(ann, bob, sam);
      assert.deepEqual(await e2e.audit(ann.id, { [sam.id]: 'sam', [chatId]: 'c1' }), [
        'Subscribe null→Coach sam -',
        'Join null→Coach sam c1',
        'Revoked Coach→null sam c1',
      ]);
    });
    test(`Consult a queue: routing's pick is consulted, then leaves; the customer never knew (${first}, ${second})`, async () => {
      cast = new Cast(e2e, first, second);
      const chat = await cast.coachedChat();
      const { ann, sam, chatId, v } = chat;
      const queue = `${e2e.url}/api/v2/queues/billing`;
      await refused(ann, chatId, { operationName: 'Consult', targetUri: queue }, 19); // nobody is Ready
      await assertQuiet(ann, sam);
      const bob = await cast.agent('second', true);
      v.know(bob);
      await consulted(chat, bob, queue);

      // spec §2 Consult: the consultant can Leave; only agents and supervisors learn of it.
      const left = await operated(bob, chatId, { operationName: 'Leave' });
      assert.deepEqual(await bob.next(1), [v.final('Completed', left)]);
      const members = ['Chris:All', `${ann.userName}:All`, `${sam.userName}:Agents`];
      for (const [p, caps, extra] of [
        [ann, agentCapabilities(true), {}],
        [sam, COACH, COACH_VIEW],
      ] as const) {
        const saw = await p.next(2, 'bob left');
        assert.deepEqual(saw[0], v.updated(p, caps, members, left, extra));
        assert.deepEqual(v.lines(saw.slice(1)), [`5 ParticipantLeft ${bob.userName}:Agents`]);
      }
      await v.customerSees('Chatting', ['Chris', ann.userName]);
      assert.deepEqual(await v.heard(), []);
      await completeChat(ann, chatId, {}, sam);
      assert.deepEqual(await v.heard(), [`3 ParticipantLeft ${ann.userName}`]);
      await assertQuiet(ann, bob, sam);
    });
  }
});
