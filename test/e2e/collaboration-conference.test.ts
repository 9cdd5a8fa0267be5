/**
 * Conferences against the real server (spec §2 Invite, SendToAgents, Leave,
 * RemoveParticipantFromConference; §9.2 d SendCustomNotice, SendNicknameUpdatedNotice; §4.5), on
 * one node and on the cluster, with the first agent and the others on each CometD transport in
 * turn: ann, coached by supervisor sam (a Coach subscription on ann), invites bob; all three and
 * the customer talk; whispers stay among agents; ann leaves (sam stays) or removes bob. Every
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
import { agentCapabilities } from '../support/e2e-views.js';

/** ann's and bob's capabilities in a conference (an audience of agents, a colleague, spec §3.3). */
const CONFERENCE = agentCapabilities(true, true);

describeEachStack('conferences through the real server', (stack) => {
  let e2e: E2e;
  let cast: Cast | undefined;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => cast?.release());
  after(() => e2e.stop());

  /** ann invites bob (Ready), who accepts: everyone's views asserted; returns bob and the members. */
  const conference = async (c: Cast, chat: CoachedChat) => {
    const { ann, sam, chatId, v } = chat;
    const bob = await c.agent('second', true);
    v.know(bob);
    const ref = await operated(ann, chatId, { operationName: 'Invite', targetUri: bob.uri });
    assert.deepEqual(v.learn(bob, await bob.next(1, 'invitation')), [v.status(bob, 'Invited', INVITED, ref)]);
    const before = ['Chris:All', `${ann.userName}:All`, `${sam.userName}:Agents`];
    assert.deepEqual(await ann.next(1), [v.updated(ann, CONFERENCE, before, ref)], 'spec §5.3 Invite');
    assert.deepEqual(await sam.next(1), [v.updated(sam, COACH, before, ref, COACH_VIEW)]);
    await bob.ready('NotReady');

    const accepted = await operated(bob, chatId, { operationName: 'Accept', nickname: bob.userName });
    const members = [...before, `${bob.userName}:All`];
    const bobSaw = v.learn(bob, await bob.next(3, 'Accept'));
    assert.deepEqual(bobSaw.slice(0, 2), [
      v.status(bob, 'Chatting', CONFERENCE, accepted),
      v.updated(bob, CONFERENCE, members, accepted),
    ]);
    const joined = `4 ParticipantJoined ${bob.userName}:All`;
    assert.deepEqual(v.lines(bobSaw.slice(2)), [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${ann.userName}:All`,
      `3 ParticipantJoined ${sam.userName}:Agents`,
      joined,
    ]);
    await seenJoining(chat, CONFERENCE, joined, members, accepted);
    assert.deepEqual(await v.mine(bob), {
      statusCode: 0,
      chat: v.chat(bob, 'Chatting', CONFERENCE, members),
    });
    await v.customerSees('Chatting', ['Chris', ann.userName, bob.userName]);
    assert.deepEqual(await v.heard(), [`3 ParticipantJoined ${bob.userName}`]);
    return { bob, members };
  };

  /** `by` operates; each of `parties` gets exactly one transcript notification, as these lines. */
  const said = async (chat: CoachedChat, by: Party, body: object, parties: Party[], lines: string[]) => {
    await operated(by, chat.chatId, body);
    for (const p of parties) assert.deepEqual(chat.v.lines(await p.next(1)), lines, p.userName);
  };

  for (const [first, second] of PAIRS) {
    test(`Invite: everyone talks, whispers stay with agents, notices; ann leaves, sam stays (${first}, ${second})`, async () => {
      cast = new Cast(e2e, first, second);
      const chat = await cast.coachedChat();
      const { ann, sam, customer, chatId, v } = chat;
      const { bob } = await conference(cast, chat);
      const all = [ann, bob, sam];
      const [a, b] = [ann.userName, bob.userName];

      const heard = await customerSays(customer, 'hi both', ...all);
      for (const notes of heard) assert.deepEqual(v.lines(notes), ['5 Text Chris:All hi both']);
      const steps: [Party, object, string][] = [
        [ann, { operationName: 'SendMessage', text: 'welcome' }, `6 Text ${a}:All welcome`],
        [bob, { operationName: 'SendMessage', text: 'Bob here' }, `7 Text ${b}:All Bob here`],
        [ann, { operationName: 'SendToAgents', text: 'bob, billing?' }, `8 Text ${a}:Agents bob, billing?`],
        [bob, { operationName: 'SendToAgents', text: 'on it' }, `9 Text ${b}:Agents on it`],
        [sam, { operationName: 'SendToAgents', text: 'good' }, `10 Text ${sam.userName}:Agents good`],
        [
          ann,
          { operationName: 'SendCustomNotice', noticeText: 'Survey at the end' },
          `11 CustomNotice ${a}:All «Survey at the end»`,
        ],
      ];
      for (const [by, body, expected] of steps) await said(chat, by, body, all, [expected]);
      // The customer's own numbering (spec §6.1): the three whispers leave no gap.
      assert.deepEqual(await v.heard(), [
        '4 Text Chris hi both',
        `5 Text ${a} welcome`,
        `6 Text ${b} Bob here`,
        `7 CustomNotice ${a} «Survey at the end»`,
      ]);

      // spec §9.2 d: the notice comes from the new nickname; lists show it.
      const renamed = await operated(bob, chatId, {
        operationName: 'SendNicknameUpdatedNotice',
        noticeText: 'Bob B',
      });
      v.know(bob, 'Bob B');
      const members = ['Chris:All', `${a}:All`, `${sam.userName}:Agents`, 'Bob B:All'];
      for (const [p, caps, extra] of [
        [ann, CONFERENCE, {}],
        [bob, CONFERENCE, {}],
        [sam, COACH, COACH_VIEW],
      ] as const) {
        const saw = v.learn(p, await p.next(2, 'nickname'));
        assert.deepEqual(v.lines(saw.slice(0, 1)), ['12 NicknameUpdated Bob B:All «Bob B»']);
        assert.deepEqual(saw[1], v.updated(p, caps, members, renamed, extra));
      }
      const [renamedId, bobId] = [v.participant('Bob B:All'), v.participant(`${b}:All`)].map((p) => p.id);
      assert.equal(renamedId, bobId, 'the same participant, renamed');
      assert.deepEqual(await v.heard(), ['8 NicknameUpdated Bob B «Bob B»']);
      await v.customerSees('Chatting', ['Chris', a, 'Bob B']);

      // In a conference the chat cannot go to a queue (Leave instead); bob is in it already.
      await refused(ann, chatId, { operationName: 'Transfer', queueName: 'billing' }, 2);
      await refused(ann, chatId, { operationName: 'Complete', queueName: 'billing' }, 2);
      await refused(ann, chatId, { operationName: 'Invite', targetUri: bob.uri }, 2);
      await refused(ann, chatId, { operationName: 'Consult', targetUri: bob.uri }, 2);
      await assertQuiet(ann, bob, sam);

      // spec §2 Leave in a conference: ann just leaves; spec §4.5: sam stays while bob does.
      const left = await operated(ann, chatId, { operationName: 'Leave' });
      assert.deepEqual(await ann.next(1), [v.final('Completed', left)]);
      const remaining = ['Chris:All', `${sam.userName}:Agents`, 'Bob B:All'];
      for (const [p, caps, extra] of [
        [bob, agentCapabilities(true), {}],
        [sam, COACH, COACH_VIEW],
      ] as const) {
        const saw = await p.next(2, 'ann left');
        assert.deepEqual(saw[0], v.updated(p, caps, remaining, left, extra));
        assert.deepEqual(v.lines(saw.slice(1)), [`13 ParticipantLeft ${a}:All`]);
      }
      await v.customerSees('Chatting', ['Chris', 'Bob B']);
      const [bobHeard, samHeard] = await customerSays(customer, 'still there?', bob, sam);
      for (const notes of [bobHeard, samHeard])
        assert.deepEqual(v.lines(notes ?? []), ['14 Text Chris:All still there?']);
      await said(
        chat,
        sam,
        { operationName: 'SendToAgents', text: 'go on' },
        [bob, sam],
        [`15 Text ${sam.userName}:Agents go on`],
      );
      await said(
        chat,
        bob,
        { operationName: 'SendMessage', text: 'yes' },
        [bob, sam],
        ['16 Text Bob B:All yes'],
      );
      // spec §4.5: sam now acts for bob, the agent it stayed with; Transfer to a Not Ready agent
      // is refused as "in use" (19) and changes nothing.
      const cal = await cast.agent('first');
      const tried = await sam.operate(chatId, { operationName: 'Transfer', targetUri: cal.uri });
      await completeChat(bob, chatId, {}, sam);
      assert.deepEqual(await v.heard(), [
        `9 ParticipantLeft ${a}`,
        '10 Text Chris still there?',
        '11 Text Bob B yes',
        '12 ParticipantLeft Bob B',
      ]);
      await v.customerSees('Idle', ['Chris']);
      await assertQuiet(ann, bob, sam, cal);
      assert.deepEqual(tried, {
        statusCode: 19,
        statusMessage: 'The agent is not Ready on chat or has no free chat slot',
      });
    });

    test(`RemoveParticipantFromConference: a Notice to agents, bob Completed, lists updated (${first}, ${second})`, async () => {
      cast = new Cast(e2e, first, second);
      const chat = await cast.coachedChat();
      const { ann, sam, chatId, v } = chat;
      const { bob } = await conference(cast, chat);

      const removed = await operated(ann, chatId, {
        operationName: 'RemoveParticipantFromConference',
        targetUri: bob.uri,
      });
      assert.deepEqual(await bob.next(1), [v.final('Completed', removed)]);
      const members = ['Chris:All', `${ann.userName}:All`, `${sam.userName}:Agents`];
      for (const [p, caps, extra] of [
        [ann, agentCapabilities(true), {}],
        [sam, COACH, COACH_VIEW],
      ] as const) {
        const saw = await p.next(3, 'bob removed');
        assert.deepEqual(v.lines(saw.slice(0, 1)), [
          `5 Notice ${ann.userName}:Agents REMOVE_PARTICIPANT_FROM_CONFERENCE${bob.id}`,
        ]);
        assert.deepEqual(saw[1], v.updated(p, caps, members, removed, extra));
        assert.deepEqual(v.lines(saw.slice(2)), [`6 ParticipantLeft ${bob.userName}:All`]);
      }
      assert.deepEqual(await v.mine(bob), { statusCode: 0, chat: v.chat(bob, 'Completed', []) });
      await v.customerSees('Chatting', ['Chris', ann.userName]);
      assert.deepEqual(await v.heard(), [`4 ParticipantLeft ${bob.userName}`], 'no Notice for the customer');
      await refused(ann, chatId, { operationName: 'RemoveParticipantFromConference', targetUri: bob.uri }, 2);
      await completeChat(ann, chatId, {}, sam);
      await assertQuiet(ann, bob, sam);
    });
  }
});
