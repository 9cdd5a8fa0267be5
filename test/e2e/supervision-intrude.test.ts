/**
 * Intrude against the real process (spec §2.1, §4.3, §4.4): each mode given explicitly, the mode
 * taken from a subscription, the supervisor's Accept and Reject, every Intrude error, and every
 * mode switch in both directions. The customer polls; the agent and the supervisor are official
 * CometD clients on `/v2/me/chats`. Each test asserts what each party received and did not
 * receive, then the audit trail of the test.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { Data, Party } from '../support/e2e-chat.js';
import { acceptedChat, assertQuiet, E2e, offer } from '../support/e2e-chat.js';
import type { Mode } from '../support/e2e-supervision.js';
import {
  agentOfAnotherContactCenter,
  completeChat,
  customerSays,
  intrude,
  MODE_VISIBILITY,
  monitor,
} from '../support/e2e-supervision.js';
import { describeEachStack } from '../support/e2e-stack.js';
import {
  ACCEPT,
  assertNoSupervisorsVisibility,
  GWS_TIMESTAMP,
  kinds,
  line,
  SUPERVISOR_CAPABILITIES,
  supervisorsContent,
  transcript,
  who,
} from '../support/e2e-views.js';

describeEachStack('Intrude through the real server', (stack) => {
  let e2e: E2e;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => e2e.disconnectAll());
  after(() => e2e.stop());

  /** A chat accepted by a fresh agent (its Accept notifications taken), and a fresh supervisor. */
  const setUp = async () => {
    const ann = await e2e.agent('long-polling');
    const sam = await e2e.supervisor('websocket');
    const chat = await acceptedChat(e2e, ann);
    assert.deepEqual(kinds(await ann.next(3)), ACCEPT);
    return { ann, sam, ...chat };
  };
  /** The supervisor's invitation (spec §2.1 sample: state Invited, Accept/Reject, supervisorMode). */
  const invitation = async (sam: Party, chatId: string, mode: Mode, subject: unknown) => {
    const [invited] = await sam.next(1, 'Invited');
    const chat = invited?.chat;
    assert.match(String(chat?.receivedDate), GWS_TIMESTAMP);
    assert.equal(typeof invited?.referenceId, 'number');
    assert.deepEqual(invited, {
      messageType: 'ChatStateChangeMessage',
      notificationType: 'StatusChange',
      chat: {
        id: chatId,
        uri: `${e2e.url}/api/v2/chats/${chatId}`,
        path: `/chats/${chatId}`,
        state: 'Invited',
        capabilities: ['Accept', 'Reject'],
        participants: [],
        userData: { Subject: subject },
        chatType: 'Inbound',
        receivedDate: chat?.receivedDate,
        supervisorMode: mode,
      },
      referenceId: invited?.referenceId,
    });
  };
  for (const mode of ['Monitor', 'Coach', 'BargeIn'] as const) {
    const visibility = MODE_VISIBILITY[mode];
    test(`Intrude ${mode}: Invited, Accept; the supervisor is seen only where ${visibility} reaches`, async () => {
      const { ann, sam, chatId, customer, invited } = await setUp();
      const response = await intrude(sam, ann.id, chatId, { supervisorVisibilityMode: mode });
      assert.deepEqual([response.http, response.body], [200, { statusCode: 0 }]);
      await invitation(sam, chatId, mode, (invited.chat?.userData as Data).Subject);
      const ping = await customerSays(customer, 'before', ann);
      assert.deepEqual(
        transcript(ping[0] ?? [], chatId, e2e),
        ['3 Text Chris:All before'],
        'invitations are invisible',
      );

      const accepted = await sam.operate(chatId, { operationName: 'Accept', nickname: 'Sam' });
      assert.equal(accepted.statusCode, 0);
      const samSaw = await sam.next(3, 'Accept');
      assert.deepEqual(kinds(samSaw), ACCEPT);
      assert.deepEqual(
        samSaw.map((d) => d.referenceId),
        [accepted.referenceId, accepted.referenceId, accepted.referenceId],
      );
      const status = samSaw[0]?.chat;
      assert.deepEqual([status?.participants, status?.supervisorMode], [[], mode]);
      assert.deepEqual(status?.capabilities, SUPERVISOR_CAPABILITIES[mode]);
      assert.deepEqual(who(samSaw[1]?.chat), ['Chris:All', `${ann.userName}:All`, `Sam:${visibility}`]);
      assert.deepEqual(transcript(samSaw.slice(2), chatId, e2e), [
        '1 ParticipantJoined Chris:All',
        `2 ParticipantJoined ${ann.userName}:All`,
        '3 Text Chris:All before',
        `4 ParticipantJoined Sam:${visibility}`,
      ]);

      const [annSaw, samHeard] = await customerSays(customer, 'after', ann, sam);
      assert.deepEqual(transcript(samHeard ?? [], chatId, e2e), ['5 Text Chris:All after']);
      if (mode === 'Monitor') {
        assert.deepEqual(
          kinds(annSaw ?? []),
          ['NewMessages'],
          'a Monitor supervisor is invisible to the agent',
        );
        assert.deepEqual(transcript(annSaw ?? [], chatId, e2e), ['5 Text Chris:All after']);
      } else {
        assert.deepEqual(kinds(annSaw ?? []), ['ParticipantsUpdated Chatting', 'NewMessages', 'NewMessages']);
        assert.deepEqual(who(annSaw?.[0]?.chat), ['Chris:All', `${ann.userName}:All`, `Sam:${visibility}`]);
        assert.deepEqual(transcript(annSaw?.slice(1) ?? [], chatId, e2e), [
          `4 ParticipantJoined Sam:${visibility}`,
          '5 Text Chris:All after',
        ]);
        assert.ok(
          annSaw?.every((d) => d.referenceId === accepted.referenceId || d.referenceId === undefined),
        );
      }
      const seen = mode === 'BargeIn';
      assert.deepEqual(who(await customer.chat()), ['Chris', ann.userName, ...(seen ? ['Sam'] : [])]);
      await customer.poll();
      assert.deepEqual(customer.polled.map(line), [
        '1 ParticipantJoined Chris',
        `2 ParticipantJoined ${ann.userName}`,
        '3 Text Chris before',
        // The customer's own numbering (spec §6.1): a hidden supervisor's join leaves no gap.
        ...(seen ? ['4 ParticipantJoined Sam', '5 Text Chris after'] : ['4 Text Chris after']),
      ]);

      await completeChat(ann, chatId, {}, sam);
      await assertQuiet(ann, sam);
      assertNoSupervisorsVisibility(ann);
      assert.deepEqual(await e2e.audit(ann.id, { [sam.id]: 'sam', [chatId]: 'c1' }), [
        `Intrude null→${mode} sam c1`,
        `Accept null→${mode} sam c1`,
        `Revoked ${mode}→null sam c1`,
      ]);
    });
  }

  test('Intrude without a mode takes the subscription’s; 1 when not monitoring; Reject', async () => {
    const { ann, sam, chatId, customer, invited } = await setUp();
    const subject = (invited.chat?.userData as Data).Subject;
    const missing = await intrude(sam, ann.id, chatId);
    assert.deepEqual(
      [missing.http, missing.body],
      [
        400,
        {
          statusCode: 1,
          statusMessage: 'supervisorVisibilityMode is required when the agent is not monitored',
        },
      ],
    );
    await monitor(sam, ann, { operationName: 'Coach', nickname: 'Coach Sam' });
    sam.assertNothingNew('a subscription does not join the chat in progress');
    assert.deepEqual((await intrude(sam, ann.id, chatId)).body, { statusCode: 0 });
    await invitation(sam, chatId, 'Coach', subject);
    assert.equal((await sam.operate(chatId, { operationName: 'Accept' })).statusCode, 0);
    const samSaw = await sam.next(3);
    // Checked last (it fails today): spec §4.1, the subscription's nickname is the name in the chat.
    const coach = String(samSaw[1]?.chat?.participants?.[2]?.nickname);
    assert.deepEqual(who(samSaw[1]?.chat), ['Chris:All', `${ann.userName}:All`, `${coach}:Agents`]);

    const bob = await e2e.supervisor('long-polling');
    await monitor(bob, ann, { operationName: 'Monitor' });
    assert.deepEqual((await intrude(bob, ann.id, chatId, { supervisorVisibilityMode: 'BargeIn' })).body, {
      statusCode: 0,
    });
    await invitation(bob, chatId, 'BargeIn', subject);
    const rejected = await bob.operate(chatId, { operationName: 'Reject' });
    assert.equal(rejected.statusCode, 0);
    assert.deepEqual(await bob.next(1), [
      {
        messageType: 'ChatStateChangeMessage',
        notificationType: 'StatusChange',
        chat: {
          id: chatId,
          uri: `${e2e.url}/api/v2/chats/${chatId}`,
          path: `/chats/${chatId}`,
          state: 'Completed',
          participants: [], // spec §2 Reject row
        },
        referenceId: rejected.referenceId,
      },
    ]);
    const [annSaw, samHeard] = await customerSays(customer, 'still here', ann, sam);
    assert.deepEqual(kinds(annSaw ?? []).slice(0, 1), ['ParticipantsUpdated Chatting']);
    assert.deepEqual(transcript(annSaw?.slice(1) ?? [], chatId, e2e), [
      `3 ParticipantJoined ${coach}:Agents`,
      '4 Text Chris:All still here',
    ]);
    assert.deepEqual(transcript(samHeard ?? [], chatId, e2e), ['4 Text Chris:All still here']);
    assert.ok(
      !JSON.stringify([ann.all(), sam.all()]).includes(bob.userName),
      'a rejected invitation left no trace',
    );
    assert.ok(!JSON.stringify(await customer.from(1)).includes(coach));

    await completeChat(ann, chatId, {}, sam);
    await assertQuiet(ann, sam, bob);
    const names = { [sam.id]: 'sam', [bob.id]: 'bob', [chatId]: 'c1' };
    assert.deepEqual(await e2e.audit(ann.id, names), [
      'Subscribe null→Coach sam -',
      'Intrude null→Coach sam c1',
      'Accept null→Coach sam c1',
      'Subscribe null→Monitor bob -',
      'Intrude null→BargeIn bob c1',
      'Reject BargeIn→null bob c1',
      'Revoked Coach→null sam c1',
    ]);
    assert.equal(coach, 'Coach Sam', 'Intrude from a subscription: its nickname (Accept named none)');
  });

  test('Intrude errors: 5, 6 (unknown agent, other contact center, not that agent’s, unknown chat), 10, 2, 3, 2, 5', async () => {
    const { ann, sam, chatId, customer, invited } = await setUp();
    const failure = async (
      who: Party,
      agentId: string,
      chat: string,
      body: object = { supervisorVisibilityMode: 'Monitor' },
    ) => {
      const response = await intrude(who, agentId, chat, body);
      assert.deepEqual(
        Object.keys(response.body).sort(),
        ['statusCode', 'statusMessage'],
        JSON.stringify(response.body),
      );
      return [response.http, response.body.statusCode];
    };
    assert.deepEqual(await failure(ann, ann.id, chatId), [403, 5], 'not a supervisor');
    assert.deepEqual(await failure(sam, 'f'.repeat(32), chatId), [404, 6], 'unknown agent');
    const elsewhere = await agentOfAnotherContactCenter(e2e);
    assert.deepEqual(await failure(sam, elsewhere, chatId), [404, 6], 'agent of another contact center');
    const bob = await e2e.agent('websocket');
    assert.deepEqual(await failure(sam, bob.id, chatId), [404, 6], 'chat not handled by that agent');
    assert.deepEqual(await failure(sam, ann.id, '0000nonexistent0'), [404, 6], 'unknown chat');
    assert.deepEqual(
      await failure(sam, ann.id, chatId, { supervisorVisibilityMode: 'Spy' }),
      [400, 10],
      'bad mode',
    );
    const offered = await offer(e2e, ann, 'Dana');
    assert.deepEqual(await failure(sam, ann.id, offered.chatId), [400, 2], 'offered, not yet Chatting');

    const tom = await e2e.supervisor('long-polling');
    try {
      await e2e.admin({ operationName: 'UpdateSettings', settings: { intrudeRequiresMonitoring: true } });
      assert.deepEqual(await failure(sam, ann.id, chatId), [403, 3], 'strict: not monitoring this agent');
      await monitor(sam, ann, { operationName: 'Monitor', supervisorMonitoringMode: 'NextChat' });
      assert.deepEqual((await intrude(sam, ann.id, chatId)).body, { statusCode: 0 }, 'strict: monitoring');
      await invitation(sam, chatId, 'Monitor', (invited.chat?.userData as Data).Subject);
    } finally {
      await e2e.admin({ operationName: 'UpdateSettings', settings: { intrudeRequiresMonitoring: false } });
    }
    assert.deepEqual(await failure(sam, ann.id, chatId), [400, 2], 'already in the chat (Invited)');
    assert.deepEqual(await customer.send({ operationName: 'Complete' }), { statusCode: 0 });
    assert.deepEqual(
      kinds(await ann.next(2)),
      ['ParticipantsUpdated Chatting', 'NewMessages'],
      'the customer left',
    );
    assert.deepEqual(await failure(tom, ann.id, chatId), [400, 2], 'the chat is no longer Chatting');
    try {
      await e2e.admin({ operationName: 'DisableFeatures', features: ['api-multimedia'] });
      assert.deepEqual(await failure(tom, ann.id, chatId, {}), [403, 5], 'feature api-multimedia off');
    } finally {
      await e2e.admin({ operationName: 'EnableFeatures', features: ['api-multimedia'] });
    }

    assert.deepEqual(await offered.customer.send({ operationName: 'Complete' }), { statusCode: 0 });
    assert.deepEqual(kinds(await ann.next(1)), ['StatusChange Revoked'], 'the offer is withdrawn');
    await completeChat(ann, chatId, {}, sam);
    await assertQuiet(ann, sam, bob, tom);
    const names = { [sam.id]: 'sam', [chatId]: 'c1' };
    assert.deepEqual(await e2e.audit(ann.id, names), [
      'Subscribe null→Monitor sam -',
      'Intrude null→Monitor sam c1',
      'Revoked Monitor→null sam c1',
    ]);
  });

  test('every switch in every direction: each party learns exactly what its visibility allows', async () => {
    const { ann, sam, chatId, customer, invited } = await setUp();
    await intrude(sam, ann.id, chatId, { supervisorVisibilityMode: 'Monitor' });
    await invitation(sam, chatId, 'Monitor', (invited.chat?.userData as Data).Subject);
    assert.equal((await sam.operate(chatId, { operationName: 'Accept', nickname: 'Sam' })).statusCode, 0);
    await sam.next(3);
    await customer.poll();
    assert.equal(
      (await ann.operate(chatId, { operationName: 'SwitchToCoach' })).statusCode,
      2,
      'agents do not switch',
    );
    const path: [Mode, string][] = [
      ['Coach', 'SwitchToCoach'],
      ['BargeIn', 'SwitchToBargeIn'],
      ['Monitor', 'SwitchToMonitor'],
      ['BargeIn', 'SwitchBargeIn'],
      ['Coach', 'SwitchToCoach'],
      ['Monitor', 'SwitchToMonitor'],
    ];
    let from: Mode = 'Monitor';
    let index = 4;
    let heard = 2; // the customer's own numbering (spec §6.1): it has two messages so far
    const leaks: string[] = [];
    for (const [to, operationName] of path) {
      const step: string = `${from} → ${to}`;
      const switched = await sam.operate(chatId, { operationName });
      assert.equal(switched.statusCode, 0, step);
      const notices: string[] = [
        `${index} ParticipantLeft Sam:${MODE_VISIBILITY[from]}`,
        `${index + 1} ParticipantJoined Sam:${MODE_VISIBILITY[to]}`,
      ];
      const samSaw = await sam.next(2, step);
      assert.deepEqual(kinds(samSaw), ['ParticipantsUpdated Chatting', 'NewMessages'], step);
      assert.deepEqual(
        samSaw.map((d) => d.referenceId),
        [switched.referenceId, switched.referenceId],
      );
      const mine = samSaw[0]?.chat;
      assert.deepEqual([mine?.supervisorMode, mine?.capabilities], [to, SUPERVISOR_CAPABILITIES[to]], step);
      assert.deepEqual(who(mine), ['Chris:All', `${ann.userName}:All`, `Sam:${MODE_VISIBILITY[to]}`], step);
      assert.deepEqual(transcript(samSaw.slice(1), chatId, e2e), notices, step);

      const annSaw = await ann.next(2, step);
      leaks.push(...supervisorsContent(annSaw).map((d) => `${step}: ${JSON.stringify(d)}`));
      assert.deepEqual(kinds(annSaw), ['ParticipantsUpdated Chatting', 'NewMessages'], step);
      const agentSees = to === 'Monitor' ? [] : [`Sam:${MODE_VISIBILITY[to]}`];
      assert.deepEqual(who(annSaw[0]?.chat), ['Chris:All', `${ann.userName}:All`, ...agentSees], step);
      assert.deepEqual(
        transcript(annSaw.slice(1), chatId, e2e),
        notices.filter((n) => !n.endsWith('Supervisors')),
        step,
      );

      const customerSees = (await customer.poll()).map(line);
      assert.deepEqual(
        customerSees,
        notices
          .filter((n) => n.endsWith(':All'))
          .map((n) => `${++heard} ${n.replace(/^\d+ /, '').replace(/:All$/, '')}`),
        `${step}: the customer learns only of a BargeIn supervisor, numbered without the rest`,
      );
      assert.deepEqual(who(await customer.chat()), [
        'Chris',
        ann.userName,
        ...(to === 'BargeIn' ? ['Sam'] : []),
      ]);
      assert.equal((await sam.operate(chatId, { operationName })).statusCode, 2, `${step}: already ${to}`);
      from = to;
      index += 2;
    }
    const read = await e2e.request('GET', `/api/v2/me/chats/${chatId}/messages`, ann.headers);
    const history = supervisorsContent(read.body.messages as Data[]).map((m) => `transcript GET: ${line(m)}`);
    await completeChat(ann, chatId, {}, sam);
    await assertQuiet(ann, sam);
    assert.deepEqual(await e2e.audit(ann.id, { [sam.id]: 'sam', [chatId]: 'c1' }), [
      'Intrude null→Monitor sam c1',
      'Accept null→Monitor sam c1',
      ...path.map(([to], i) => `Switch ${i === 0 ? 'Monitor' : (path[i - 1]?.[0] ?? '')}→${to} sam c1`),
      `Revoked ${path.at(-1)?.[0] ?? ''}→null sam c1`,
    ]);
    assert.deepEqual([...leaks, ...history], [], 'spec §4.2: nothing the agent receives carries Supervisors');
  });
});
