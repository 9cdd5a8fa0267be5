/**
 * A whole chat against the real process (spec §2, §3, §5, §6.1), over each CometD transport: the
 * customer asks, the agent logs in and becomes Ready, is Invited over CometD, accepts, both sides
 * write and type, the agent works the user data and the disposition, leaves and completes. Every
 * notification the agent's official CometD client receives is asserted whole and in order, and
 * so is what the customer's polling returns at each step.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TransportType } from '../support/cometd.js';
import type { Data, Party } from '../support/e2e-chat.js';
import { assertQuiet, Customer, E2e } from '../support/e2e-chat.js';
import {
  agentCapabilities,
  assertTimestamp,
  GWS_TIMESTAMP,
  PARTICIPANT_ID,
  USER_DATA_OPS,
} from '../support/e2e-views.js';
import { describeEachStack } from '../support/e2e-stack.js';

const CHATTING = agentCapabilities(false);
const CUSTOMER_CAPABILITIES = [
  'SendMessage',
  'SendStartTypingNotification',
  'SendStopTypingNotification',
  'Complete',
];

/** A message without its timestamps, after checking them (spec §3.1 formats). */
function stamped(messages: Data[] | undefined): Data[] {
  return (messages ?? []).map(({ timestamp, timestampSeconds, ...rest }) => {
    assertTimestamp({ timestamp, timestampSeconds });
    return rest;
  });
}

describeEachStack('a whole chat through the real server', (stack) => {
  let e2e: E2e;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  after(() => e2e.stop());

  for (const transport of ['long-polling', 'websocket'] as TransportType[]) {
    describe(transport, () => {
      let agent: Party;
      let customer: Customer;
      let chatId: string;
      let subject: string;
      let receivedDate: string;
      let chris: Data;
      let ann: Data;
      let userData: Record<string, unknown>;
      const view = (state: string, extra: object = {}) => ({
        id: chatId,
        uri: `${e2e.url}/api/v2/chats/${chatId}`,
        path: `/chats/${chatId}`,
        state,
        capabilities: CHATTING,
        participants: [chris, ann],
        userData,
        chatType: 'Inbound',
        receivedDate,
        ...extra,
      });
      const log = (messages: Data[], referenceId?: unknown) => ({
        messageType: 'MessageLogUpdated',
        notificationType: 'NewMessages',
        messages,
        chatUri: `${e2e.url}/api/v2/chats/${chatId}`,
        chatPath: `/chats/${chatId}`,
        ...(referenceId === undefined ? {} : { referenceId }),
      });
      const asCustomerSees = (p: Data) => ({
        nickname: p.nickname,
        participantId: p.participantId,
        type: p.type,
      });
      /** One message as the agent's notification carries it, timestamps checked and removed. */
      const nextLog = async (what: string) => {
        const [note] = await agent.next(1, what);
        return { ...note, messages: stamped(note?.messages) };
      };

      before(async () => {
        agent = await e2e.agent(transport);
        subject = `Billing over ${transport}`;
        userData = { Subject: subject, Account: '42' };
      });
      after(() => agent.ok('/api/v2/me', { operationName: 'EndContactCenterSession' }));

      test('the customer requests a chat and waits for an agent', async () => {
        customer = await Customer.request(e2e, 'Chris', { subject, userData: { Account: '42' } });
        const chat = await customer.chat();
        const chrisId = (chat.participants?.[0]?.participantId ?? '') as string;
        assert.match(chrisId, PARTICIPANT_ID);
        assert.deepEqual(chat, {
          id: customer.token,
          state: 'WaitingForAgent',
          capabilities: CUSTOMER_CAPABILITIES,
          participants: [{ nickname: 'Chris', participantId: chrisId, type: 'Customer' }],
        });
        const from = { nickname: 'Chris', participantId: chrisId, type: 'Customer' };
        assert.deepEqual(stamped(await customer.poll()), [{ index: 1, type: 'ParticipantJoined', from }]);
        assert.deepEqual(await customer.poll(), [], 'polling without index returns only what is new');
        chris = {
          nickname: 'Chris',
          type: 'Customer',
          participantId: chrisId,
          id: chrisId,
          visibility: 'All',
        };
        agent.assertNothingNew('before Ready');
      });

      test('Ready: the agent is Invited over CometD', async () => {
        await agent.ready('Ready');
        const [invited] = await agent.next(1, 'invitation');
        await agent.ready('NotReady');
        chatId = invited?.chat?.id as string;
        assert.match(chatId, /^0000[0-9A-Za-z]{12}$/);
        receivedDate = invited?.chat?.receivedDate as string;
        assert.match(receivedDate, GWS_TIMESTAMP);
        assert.deepEqual(invited, {
          messageType: 'ChatStateChangeMessage',
          notificationType: 'StatusChange',
          chat: { ...view('Invited'), capabilities: ['Accept', 'Reject'], participants: [] },
        });
        const mine = await e2e.request('GET', '/api/v2/me/chats', agent.headers);
        assert.deepEqual(mine.body, { statusCode: 0, uris: [`${e2e.url}/api/v2/chats/${chatId}`] });
        assert.equal((await customer.chat()).state, 'WaitingForAgent', 'an offer is not yet a chat');
        assert.deepEqual(await customer.poll(), []);
      });

      test('Accept: StatusChange Chatting (participants []), ParticipantsUpdated, MessageLogUpdated', async () => {
        const accepted = await agent.operate(chatId, { operationName: 'Accept', nickname: 'Ann' });
        const referenceId = accepted.referenceId;
        assert.deepEqual(accepted, { statusCode: 0, referenceId });
        assert.equal(typeof referenceId, 'number');
        const [status, participants, history] = await agent.next(3, 'Accept notifications');
        const annId = participants?.chat?.participants?.[1]?.participantId as string;
        assert.match(annId, PARTICIPANT_ID);
        ann = {
          nickname: 'Ann',
          type: 'Agent',
          participantId: annId,
          id: annId,
          visibility: 'All',
          uri: agent.uri,
          path: `/users/${agent.id}`,
        };
        const state = { messageType: 'ChatStateChangeMessage', referenceId };
        assert.deepEqual(status, {
          ...state,
          notificationType: 'StatusChange',
          chat: view('Chatting', { participants: [] }),
        });
        assert.deepEqual(participants, {
          ...state,
          notificationType: 'ParticipantsUpdated',
          chat: view('Chatting'),
        });
        assert.deepEqual(
          { ...history, messages: stamped(history?.messages) },
          log(
            [
              { index: 1, type: 'ParticipantJoined', from: chris, visibility: 'All' },
              { index: 2, type: 'ParticipantJoined', from: ann, visibility: 'All' },
            ],
            referenceId,
          ),
        );
        const read = await e2e.request('GET', `/api/v2/me/chats/${chatId}`, agent.headers);
        assert.deepEqual(read.body, { statusCode: 0, chat: view('Chatting') });

        assert.deepEqual(await customer.chat(), {
          id: customer.token,
          state: 'Chatting',
          capabilities: CUSTOMER_CAPABILITIES,
          participants: [asCustomerSees(chris), asCustomerSees(ann)],
        });
        assert.deepEqual(stamped(await customer.poll()), [
          { index: 2, type: 'ParticipantJoined', from: asCustomerSees(ann) },
        ]);
      });

      test('messages both ways and typing: one MessageLogUpdated each, in order', async () => {
        const customerSends: [object, Data][] = [
          [{ operationName: 'SendStartTypingNotification' }, { type: 'TypingStarted' }],
          [
            { operationName: 'SendMessage', text: 'My bill is wrong' },
            { type: 'Text', text: 'My bill is wrong' },
          ],
          [{ operationName: 'SendStopTypingNotification' }, { type: 'TypingStopped' }],
        ];
        let index = 3;
        for (const [body, message] of customerSends) {
          assert.deepEqual(await customer.send(body), { statusCode: 0 });
          const note = await nextLog(`customer ${message.type as string}`);
          assert.deepEqual(note, log([{ index: index++, ...message, from: chris, visibility: 'All' }]));
        }
        const agentSends: [object, Data][] = [
          [{ operationName: 'SendStartTypingNotification' }, { type: 'TypingStarted' }],
          [
            { operationName: 'SendMessage', text: 'Let me look' },
            { type: 'Text', text: 'Let me look' },
          ],
          [{ operationName: 'SendStopTypingNotification' }, { type: 'TypingStopped' }],
          [
            { operationName: 'SendUrl', url: 'https://example.com/bill' },
            { type: 'PushUrl', url: 'https://example.com/bill' },
          ],
        ];
        for (const [body, message] of agentSends) {
          const response = await agent.operate(chatId, body);
          assert.equal(response.statusCode, 0);
          const note = await nextLog(`agent ${message.type as string}`);
          assert.deepEqual(
            note,
            log([{ index: index++, ...message, from: ann, visibility: 'All' }], response.referenceId),
          );
        }

        const polled = stamped(await customer.poll());
        assert.deepEqual(
          polled.map((m) => [m.index, m.type, (m.from as Data).nickname, m.text ?? m.url ?? null]),
          [
            [3, 'TypingStarted', 'Chris', null],
            [4, 'Text', 'Chris', 'My bill is wrong'],
            [5, 'TypingStopped', 'Chris', null],
            [6, 'TypingStarted', 'Ann', null],
            [7, 'Text', 'Ann', 'Let me look'],
            [8, 'TypingStopped', 'Ann', null],
            [9, 'PushUrl', 'Ann', 'https://example.com/bill'],
          ],
        );
        assert.deepEqual(polled[4]?.from, asCustomerSees(ann), 'no agent uri or visibility for the customer');
        assert.deepEqual(await customer.poll(), []);
        assert.deepEqual(
          (await customer.from(8)).map((m) => m.index),
          [8, 9],
        );

        const read = await e2e.request('GET', `/api/v2/me/chats/${chatId}/messages`, agent.headers);
        const notified = agent.all().flatMap((n) => n.messages ?? []);
        assert.deepEqual(read.body.messages, notified, 'the transcript GET equals what was notified');
      });

      test('user data and disposition: PropertiesUpdated with the full chat and userData', async () => {
        const steps: [object, Record<string, unknown>][] = [
          [
            { operationName: 'AttachUserData', userData: { Case: 7 } },
            { Subject: subject, Account: '42', Case: 7 },
          ],
          [
            { operationName: 'UpdateUserData', userData: { Account: '43' } },
            { Subject: subject, Account: '43', Case: 7 },
          ],
          [
            { operationName: 'DeleteUserData', keys: ['Case'] },
            { Subject: subject, Account: '43' },
          ],
          [
            { operationName: 'SetDisposition', disposition: 'Resolved' },
            { Subject: subject, Account: '43', DispositionCode: 'Resolved' },
          ],
        ];
        const before = await customer.chat();
        for (const [body, expected] of steps) {
          const response = await agent.operate(chatId, body);
          assert.equal(response.statusCode, 0);
          userData = expected;
          const [note] = await agent.next(1, 'PropertiesUpdated');
          assert.deepEqual(note, {
            messageType: 'ChatStateChangeMessage',
            notificationType: 'PropertiesUpdated',
            chat: view('Chatting'),
            referenceId: response.referenceId,
          });
        }
        assert.deepEqual(await customer.chat(), before, 'user data is not the customer’s');
        assert.deepEqual(await customer.poll(), []);
      });

      test('Leave: LeftChat for the agent (participants []), Idle for the customer', async () => {
        const left = await agent.operate(chatId, { operationName: 'Leave' });
        assert.equal(left.statusCode, 0);
        const leftChat = { ...view('LeftChat'), capabilities: ['Complete', 'SetInFocus', ...USER_DATA_OPS] };
        assert.deepEqual(await agent.next(1, 'LeftChat'), [
          {
            messageType: 'ChatStateChangeMessage',
            notificationType: 'StatusChange',
            chat: { ...leftChat, participants: [] },
            referenceId: left.referenceId,
          },
        ]);
        assert.deepEqual(await customer.chat(), {
          id: customer.token,
          state: 'Idle',
          capabilities: [],
          participants: [asCustomerSees(chris)],
        });
        assert.deepEqual(stamped(await customer.poll()), [
          { index: 10, type: 'ParticipantLeft', from: asCustomerSees(ann) },
        ]);
        const late = await customer.send({ operationName: 'SendMessage', text: 'hello?' });
        assert.equal(late.statusCode, 2, 'the chat is over for the customer');
      });

      test('wrap-up in LeftChat: user data is announced (PropertiesUpdated), then Complete', async () => {
        const leftChat = { ...view('LeftChat'), capabilities: ['Complete', 'SetInFocus', ...USER_DATA_OPS] };
        // spec §2 Leave: "agent stays in state LeftChat (can still set disposition/userdata, then
        // Complete)"; spec §5.3: user data changes are announced with PropertiesUpdated.
        const wrapUp = await agent.operate(chatId, {
          operationName: 'AttachUserData',
          userData: { WrapUp: 'done' },
        });
        assert.equal(wrapUp.statusCode, 0);
        const completed = await agent.operate(chatId, { operationName: 'Complete' });
        assert.equal(completed.statusCode, 0);
        const notes = await agent.until((d) => d.chat?.state === 'Completed', 'Completed');
        userData = { ...userData, WrapUp: 'done' };
        assert.deepEqual(notes, [
          {
            messageType: 'ChatStateChangeMessage',
            notificationType: 'PropertiesUpdated',
            chat: { ...leftChat, userData, participants: [chris] },
            referenceId: wrapUp.referenceId,
          },
          {
            messageType: 'ChatStateChangeMessage',
            notificationType: 'StatusChange',
            chat: {
              id: chatId,
              uri: `${e2e.url}/api/v2/chats/${chatId}`,
              path: `/chats/${chatId}`,
              state: 'Completed',
            },
            referenceId: completed.referenceId,
          },
        ]);
      });

      test('Complete: the chat is gone from /me/chats; the customer gets nothing more', async () => {
        const mine = await e2e.request('GET', '/api/v2/me/chats', agent.headers);
        assert.deepEqual(mine.body, { statusCode: 0, uris: [] });
        assert.deepEqual(await customer.poll(), []);
        assert.equal((await customer.chat()).state, 'Idle');
        assert.deepEqual(
          customer.polled.map((m) => m.index),
          [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
          'the customer polled every message exactly once',
        );
        assert.equal(
          (await agent.operate(chatId, { operationName: 'SendMessage', text: 'x' })).statusCode,
          2,
        );
        await assertQuiet(agent);
      });
    });
  }
});
