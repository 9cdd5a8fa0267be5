/**
 * Supervision by subscription against the real process (spec §4.1–§4.5): Monitor, Coach and
 * BargeIn on an agent's chat channel, NextChat vs AllChats, cancelling, leaving, revocation when
 * the agent completes, two supervisors in one chat (supervision-requeue.test.ts: re-queued). Three parties each time: the
 * customer (polling), the agent and the supervisor (official CometD clients on `/v2/me/chats`,
 * one long-polling and one WebSocket). Each test asserts what every party received and what it
 * did not, then the audit trail of the test.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Customer, Data, Party } from '../support/e2e-chat.js';
import { acceptedChat, assertQuiet, E2e } from '../support/e2e-chat.js';
import { completeChat, customerSays, monitor } from '../support/e2e-supervision.js';
import { describeEachStack } from '../support/e2e-stack.js';
import {
  ACCEPT,
  agentCapabilities,
  assertNoSupervisorsVisibility,
  kinds,
  line,
  SUPERVISOR_CAPABILITIES,
  transcript,
  who,
} from '../support/e2e-views.js';

describeEachStack('supervision by subscription through the real server', (stack) => {
  let e2e: E2e;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => e2e.disconnectAll());
  after(() => e2e.stop());

  /**
   * The transcript lines among `notes`, each once; a line delivered again is added to `repeats`,
   * which each test checks last (so one duplicate does not hide the rest of the test).
   */
  const linesOnce = (notes: Data[] | undefined, chatId: string, repeats: string[]) => {
    const lines = transcript(
      (notes ?? []).filter((d) => d.messageType === 'MessageLogUpdated'),
      chatId,
      e2e,
    );
    repeats.push(...lines.filter((l, i) => lines.indexOf(l) !== i));
    return lines.filter((l, i) => lines.indexOf(l) === i);
  };
  const ONCE = 'spec §5.3: each transcript message reaches a party once';
  const lastParticipants = (notes: Data[]) =>
    notes.filter((d) => d.notificationType === 'ParticipantsUpdated').at(-1)?.chat;
  /** What the customer's polling has returned so far, one line per message. */
  const customerLines = async (customer: Customer) => {
    await customer.poll();
    return customer.polled.map(line);
  };
  /** An operation that must succeed, then the one notification each listed party gets from it. */
  const act = async (who: Party, chatId: string, body: object, ...parties: Party[]) => {
    const response = await who.operate(chatId, body);
    assert.equal(response.statusCode, 0, JSON.stringify(response));
    return Promise.all(parties.map(async (p) => transcript(await p.next(1), chatId, e2e)));
  };
  const refused = async (who: Party, chatId: string, operationName: string) =>
    assert.equal(
      (await who.operate(chatId, { operationName, text: 'x', noticeText: 'x' })).statusCode,
      2,
      `${operationName} is not offered`,
    );
  test('Monitor (AllChats by default): joins every accepted chat, seen by supervisors only', async () => {
    const ann = await e2e.agent('long-polling');
    const sam = await e2e.supervisor('websocket');
    assert.deepEqual((await monitor(sam, ann, { operationName: 'Monitor' })).body, { statusCode: 0 });
    const first = await acceptedChat(e2e, ann);
    const annSaw = await ann.next(3, 'Accept');
    assert.deepEqual(kinds(annSaw), ACCEPT);
    assert.deepEqual(who(annSaw[1]?.chat), ['Chris:All', `${ann.userName}:All`]);
    assert.deepEqual(annSaw[1]?.chat?.capabilities, agentCapabilities(false), 'nobody to whisper to');
    assert.deepEqual(transcript(annSaw.slice(2), first.chatId, e2e), [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${ann.userName}:All`,
    ]);

    const samSaw = await sam.next(3, 'join');
    assert.deepEqual(kinds(samSaw), ACCEPT, 'spec §4.1: like an Accept, without an invitation');
    assert.deepEqual(
      samSaw.map((d) => d.referenceId),
      [first.referenceId, first.referenceId, first.referenceId],
    );
    const status = samSaw[0]?.chat;
    assert.deepEqual(
      [status?.participants, status?.supervisorMode, status?.capabilities],
      [[], 'Monitor', SUPERVISOR_CAPABILITIES.Monitor],
    );
    assert.deepEqual(who(samSaw[1]?.chat), [
      'Chris:All',
      `${ann.userName}:All`,
      `${sam.userName}:Supervisors`,
    ]);
    assert.deepEqual(transcript(samSaw.slice(2), first.chatId, e2e), [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${ann.userName}:All`,
      `3 ParticipantJoined ${sam.userName}:Supervisors`,
    ]);

    const heard = await customerSays(first.customer, 'hello', ann, sam);
    for (const notes of heard)
      assert.deepEqual(transcript(notes, first.chatId, e2e), ['4 Text Chris:All hello']);
    const replied = await act(ann, first.chatId, { operationName: 'SendMessage', text: 'hi' }, ann, sam);
    assert.deepEqual(replied, [[`5 Text ${ann.userName}:All hi`], [`5 Text ${ann.userName}:All hi`]]);
    for (const op of ['SendMessage', 'SendToAgents', 'SendStartTypingToAgentsNotification'])
      await refused(sam, first.chatId, op);
    await refused(ann, first.chatId, 'SendToAgents');

    assert.deepEqual(who(await first.customer.chat()), ['Chris', ann.userName]);
    assert.deepEqual(await customerLines(first.customer), [
      '1 ParticipantJoined Chris',
      `2 ParticipantJoined ${ann.userName}`,
      '3 Text Chris hello', // the customer's own numbering (spec §6.1): no gap where sam joined
      `4 Text ${ann.userName} hi`,
    ]);

    const second = await acceptedChat(e2e, ann, 'Dana');
    assert.deepEqual(kinds(await ann.next(3)), ACCEPT);
    const again = await sam.next(3, 'second join');
    assert.deepEqual(kinds(again), ACCEPT, 'AllChats: the next chat too');
    assert.deepEqual(who(again[1]?.chat), ['Dana:All', `${ann.userName}:All`, `${sam.userName}:Supervisors`]);

    await completeChat(ann, first.chatId, {}, sam);
    await completeChat(ann, second.chatId, {}, sam);
    assert.deepEqual((await first.customer.poll()).map(line), [`5 ParticipantLeft ${ann.userName}`]);
    await assertQuiet(ann, sam);
    assertNoSupervisorsVisibility(ann);
    assert.ok(!JSON.stringify([ann.all(), first.customer.polled]).includes(sam.userName));
    assert.deepEqual(
      await e2e.audit(ann.id, { [sam.id]: 'sam', [first.chatId]: 'c1', [second.chatId]: 'c2' }),
      [
        'Subscribe null→Monitor sam -',
        'Join null→Monitor sam c1',
        'Join null→Monitor sam c2',
        'Revoked Monitor→null sam c1',
        'Revoked Monitor→null sam c2',
      ],
    );
  });

  test('Coach NextChat: from the next chat only, once; whispers reach agents, never the customer', async () => {
    const ann = await e2e.agent('websocket');
    const sam = await e2e.supervisor('long-polling');
    const first = await acceptedChat(e2e, ann);
    assert.deepEqual(kinds(await ann.next(3)), ACCEPT);
    const subscribe = { operationName: 'Coach', supervisorMonitoringMode: 'NextChat', nickname: 'Coach Sam' };
    assert.deepEqual((await monitor(sam, ann, subscribe)).body, { statusCode: 0 });
    sam.assertNothingNew('for the chat in progress (spec §4.1: use Intrude)');

    const second = await acceptedChat(e2e, ann, 'Dana');
    const [annSaw, samSaw] = await customerSays(second.customer, 'ping', ann, sam);
    assert.deepEqual(kinds(annSaw ?? []).slice(0, 3), ACCEPT);
    const repeats: string[] = [];
    assert.deepEqual(linesOnce(annSaw, second.chatId, repeats), [
      '1 ParticipantJoined Dana:All',
      `2 ParticipantJoined ${ann.userName}:All`,
      '3 ParticipantJoined Coach Sam:Agents',
      '4 Text Dana:All ping',
    ]);
    const annView = lastParticipants(annSaw ?? []);
    assert.deepEqual(who(annView), ['Dana:All', `${ann.userName}:All`, 'Coach Sam:Agents']);
    assert.deepEqual(annView?.capabilities, agentCapabilities(true), 'the agent can now talk to the coach');
    assert.deepEqual(kinds(samSaw ?? []), [...ACCEPT, 'NewMessages']);
    assert.equal(samSaw?.[0]?.chat?.supervisorMode, 'Coach');
    assert.deepEqual(samSaw?.[0]?.chat?.capabilities, SUPERVISOR_CAPABILITIES.Coach);
    assert.deepEqual(who(samSaw?.[1]?.chat), who(annView));
    assert.deepEqual(linesOnce(samSaw, second.chatId, repeats).length, 4);

    await refused(sam, second.chatId, 'SendMessage');
    const steps: [Party, object, string][] = [
      [
        sam,
        { operationName: 'SendToAgents', text: 'offer the discount' },
        '5 Text Coach Sam:Agents offer the discount',
      ],
      [sam, { operationName: 'SendStartTypingToAgentsNotification' }, '6 TypingStarted Coach Sam:Agents'],
      [
        sam,
        { operationName: 'SendCustomNoticeToAgents', noticeText: 'VIP' },
        '7 CustomNotice Coach Sam:Agents',
      ],
      [ann, { operationName: 'SendToAgents', text: 'will do' }, `8 Text ${ann.userName}:Agents will do`],
      [
        ann,
        { operationName: 'SendMessage', text: 'A discount for you' },
        `9 Text ${ann.userName}:All A discount for you`,
      ],
    ];
    for (const [by, body, expected] of steps)
      assert.deepEqual(await act(by, second.chatId, body, ann, sam), [[expected], [expected]]);

    assert.deepEqual(who(await second.customer.chat()), ['Dana', ann.userName]);
    assert.deepEqual(await customerLines(second.customer), [
      '1 ParticipantJoined Dana',
      `2 ParticipantJoined ${ann.userName}`,
      '3 Text Dana ping',
      `4 Text ${ann.userName} A discount for you`, // nothing tells of the whispers
    ]);

    const third = await acceptedChat(e2e, ann, 'Eve');
    const annThird = await ann.next(3);
    assert.deepEqual(who(annThird[1]?.chat), ['Eve:All', `${ann.userName}:All`], 'NextChat was consumed');
    const cancel = await monitor(sam, ann, { operationName: 'CancelSupervisorMonitoring' });
    assert.equal(cancel.body.statusCode, 2, 'nothing left to cancel');

    await completeChat(ann, first.chatId, {});
    await completeChat(ann, second.chatId, {}, sam);
    await completeChat(ann, third.chatId, {});
    await assertQuiet(ann, sam);
    assertNoSupervisorsVisibility(ann);
    const names = { [sam.id]: 'sam', [second.chatId]: 'c2' };
    assert.deepEqual(await e2e.audit(ann.id, names), [
      'Subscribe null→Coach sam -',
      'Join null→Coach sam c2',
      'Revoked Coach→null sam c2',
    ]);
    assert.deepEqual(repeats, [], ONCE);
  });

  test('BargeIn AllChats: everyone sees the supervisor, who talks to the customer; Cancel; Leave', async () => {
    const ann = await e2e.agent('long-polling');
    const sam = await e2e.supervisor('websocket');
    await monitor(sam, ann, { operationName: 'BargeIn', supervisorMonitoringMode: 'AllChats' });
    const chat = await acceptedChat(e2e, ann);
    const [annSaw, samSaw] = await customerSays(chat.customer, 'ping', ann, sam);
    const joined = [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${ann.userName}:All`,
      `3 ParticipantJoined ${sam.userName}:All`,
      '4 Text Chris:All ping',
    ];
    const repeats: string[] = [];
    assert.deepEqual(linesOnce(annSaw, chat.chatId, repeats), joined);
    assert.deepEqual(who(lastParticipants(annSaw ?? [])), [
      'Chris:All',
      `${ann.userName}:All`,
      `${sam.userName}:All`,
    ]);
    assert.deepEqual(kinds(samSaw ?? []), [...ACCEPT, 'NewMessages']);
    assert.deepEqual(samSaw?.[0]?.chat?.capabilities, SUPERVISOR_CAPABILITIES.BargeIn);
    assert.deepEqual(linesOnce(samSaw, chat.chatId, repeats), joined);
    assert.deepEqual(who(await chat.customer.chat()), ['Chris', ann.userName, sam.userName]);

    const hello = `5 Text ${sam.userName}:All Hello, I am the supervisor`;
    assert.deepEqual(
      await act(
        sam,
        chat.chatId,
        { operationName: 'SendMessage', text: 'Hello, I am the supervisor' },
        ann,
        sam,
      ),
      [[hello], [hello]],
    );
    const typing = `6 TypingStarted ${sam.userName}:All`;
    assert.deepEqual(
      await act(sam, chat.chatId, { operationName: 'SendStartTypingNotification' }, ann, sam),
      [[typing], [typing]],
    );
    const aside = `7 Text ${sam.userName}:Agents between us`;
    assert.deepEqual(
      await act(sam, chat.chatId, { operationName: 'SendToAgents', text: 'between us' }, ann, sam),
      [[aside], [aside]],
    );
    assert.deepEqual(await customerLines(chat.customer), [
      '1 ParticipantJoined Chris',
      `2 ParticipantJoined ${ann.userName}`,
      `3 ParticipantJoined ${sam.userName}`,
      '4 Text Chris ping',
      `5 Text ${sam.userName} Hello, I am the supervisor`,
      `6 TypingStarted ${sam.userName}`,
    ]);

    assert.deepEqual((await monitor(sam, ann, { operationName: 'CancelSupervisorMonitoring' })).body, {
      statusCode: 0,
    });
    const other = await acceptedChat(e2e, ann, 'Dana');
    assert.deepEqual(who((await ann.next(3))[1]?.chat), ['Dana:All', `${ann.userName}:All`]);

    const left = await sam.operate(chat.chatId, { operationName: 'Leave' });
    assert.equal(left.statusCode, 0);
    assert.deepEqual(kinds(await sam.next(1)), ['StatusChange Completed'], 'spec §4.5');
    const annLeft = await ann.next(2, 'the supervisor left');
    assert.deepEqual(kinds(annLeft), ['ParticipantsUpdated Chatting', 'NewMessages']);
    assert.deepEqual(who(annLeft[0]?.chat), ['Chris:All', `${ann.userName}:All`]);
    assert.deepEqual(transcript(annLeft.slice(1), chat.chatId, e2e), [
      `8 ParticipantLeft ${sam.userName}:All`,
    ]);
    assert.deepEqual((await chat.customer.poll()).map(line), [`7 ParticipantLeft ${sam.userName}`]);
    assert.deepEqual(who(await chat.customer.chat()), ['Chris', ann.userName]);
    assert.deepEqual(await act(ann, chat.chatId, { operationName: 'SendMessage', text: 'go on' }, ann), [
      [`9 Text ${ann.userName}:All go on`],
    ]);

    await completeChat(ann, chat.chatId, {});
    await completeChat(ann, other.chatId, {});
    await assertQuiet(ann, sam);
    assertNoSupervisorsVisibility(ann);
    const names = { [sam.id]: 'sam', [chat.chatId]: 'c1' };
    assert.deepEqual(await e2e.audit(ann.id, names), [
      'Subscribe null→BargeIn sam -',
      'Join null→BargeIn sam c1',
      'Cancel BargeIn→null sam -',
      'Leave BargeIn→null sam c1',
    ]);
    assert.deepEqual(repeats, [], ONCE);
  });

  test('two supervisors in one chat (Monitor and Coach): they see each other; one leaves; Revoked', async () => {
    const ann = await e2e.agent('websocket');
    const sam = await e2e.supervisor('long-polling');
    await monitor(sam, ann, { operationName: 'Monitor' });
    const bob = await e2e.supervisor('websocket');
    await monitor(bob, ann, { operationName: 'Coach', nickname: 'Bob' });
    const chat = await acceptedChat(e2e, ann);
    const [annSaw, samSaw, bobSaw] = await customerSays(chat.customer, 'ping', ann, sam, bob);
    const repeats: string[] = [];
    const everyone = ['Chris:All', `${ann.userName}:All`, `${sam.userName}:Supervisors`, 'Bob:Agents'];
    const all = [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${ann.userName}:All`,
      `3 ParticipantJoined ${sam.userName}:Supervisors`,
      '4 ParticipantJoined Bob:Agents',
      '5 Text Chris:All ping',
    ];
    assert.deepEqual(who(lastParticipants(annSaw ?? [])), ['Chris:All', `${ann.userName}:All`, 'Bob:Agents']);
    assert.deepEqual(
      linesOnce(annSaw, chat.chatId, repeats),
      all.filter((l) => !l.includes('Supervisors')),
    );
    for (const saw of [samSaw ?? [], bobSaw ?? []]) {
      assert.deepEqual(who(lastParticipants(saw)), everyone);
      assert.deepEqual(linesOnce(saw, chat.chatId, repeats), all);
    }

    const whisper = '6 Text Bob:Agents watch the tone';
    assert.deepEqual(
      await act(bob, chat.chatId, { operationName: 'SendToAgents', text: 'watch the tone' }, ann, sam, bob),
      [[whisper], [whisper], [whisper]],
    );
    assert.equal((await sam.operate(chat.chatId, { operationName: 'Leave' })).statusCode, 0);
    assert.deepEqual(kinds(await sam.next(1)), ['StatusChange Completed']);
    const bobLeft = await bob.next(2);
    assert.deepEqual(who(bobLeft[0]?.chat), ['Chris:All', `${ann.userName}:All`, 'Bob:Agents']);
    assert.deepEqual(transcript(bobLeft.slice(1), chat.chatId, e2e), [
      `7 ParticipantLeft ${sam.userName}:Supervisors`,
    ]);
    const goOn = `8 Text ${ann.userName}:All go on`;
    assert.deepEqual(await act(ann, chat.chatId, { operationName: 'SendMessage', text: 'go on' }, ann, bob), [
      [goOn],
      [goOn],
    ]);
    await completeChat(ann, chat.chatId, {}, bob);
    await assertQuiet(ann, sam, bob);
    assertNoSupervisorsVisibility(ann);
    assert.deepEqual(await customerLines(chat.customer), [
      '1 ParticipantJoined Chris',
      `2 ParticipantJoined ${ann.userName}`,
      '3 Text Chris ping',
      `4 Text ${ann.userName} go on`,
      `5 ParticipantLeft ${ann.userName}`,
    ]);
    const names = { [sam.id]: 'sam', [bob.id]: 'bob', [chat.chatId]: 'c1' };
    assert.deepEqual(await e2e.audit(ann.id, names), [
      'Subscribe null→Monitor sam -',
      'Subscribe null→Coach bob -',
      'Join null→Monitor sam c1',
      'Join null→Coach bob c1',
      'Leave Monitor→null sam c1',
      'Revoked Coach→null bob c1',
    ]);
    assert.deepEqual(repeats, [], ONCE);
  });
});
