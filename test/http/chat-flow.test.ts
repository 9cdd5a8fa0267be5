/**
 * A whole chat through the HTTP API in process, asserting every notification published for the
 * agent (through the bus, as the hub receives them) and what the customer's polling returns.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Notification } from '../../src/notifications/bus.js';
import type { TestApp } from '../support/app.js';
import { decoded } from '../support/chat-helpers.js';
import { basic, createUser, failure, json, startTestApp } from '../support/app.js';

type Data = Record<string, unknown> & {
  chat?: Record<string, unknown>;
  messages?: Record<string, unknown>[];
};

describe('chat flow', () => {
  let t: TestApp;
  let agentId: string;
  const agent = { authorization: basic('flow.agent', 'agent-password') };
  let notes: Notification[] = [];
  let customer: Record<string, string>;
  let token: string;
  let chatId: string;
  before(async () => {
    t = await startTestApp();
    agentId = await createUser(t, 'flow.agent', ['ROLE_AGENT'], 'agent-password');
    t.bus.subscribe((d) => notes.push(decoded(d)));
    customer = { contactcenterid: t.contactCenterId };
  });
  after(() => t.close());
  const inject = (method: 'GET' | 'POST', url: string, headers: object, payload?: object) =>
    t.app.server.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });
  const chatNotes = () => notes.filter((n) => n.channel === '/v2/me/chats').map((n) => n.data as Data);
  const waitFor = async (predicate: () => boolean) => {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(predicate(), 'condition not reached');
  };

  test('the customer requests a chat and waits', async () => {
    const body = json(
      await inject('POST', '/api/v2/chats', customer, {
        operationName: 'RequestChat',
        nickname: 'Chris',
        subject: 'Billing',
        userData: { Account: '42' },
      }),
    );
    assert.equal(body.statusCode, 0);
    token = body.id as string;
    assert.match(token, /^[0-9a-f-]{36}$/);
    assert.equal(body.path, `/api/v2/chats/${token}`);
    const chat = json(await inject('GET', `/api/v2/chats/${token}`, customer)).chat as Data;
    assert.equal(chat.state, 'WaitingForAgent');
    assert.deepEqual((chat.participants as unknown[]).length, 1);
  });

  test('an agent becomes Ready and is offered the chat (Invited, Accept/Reject)', async () => {
    await inject('POST', '/api/v2/me', agent, {
      operationName: 'StartContactCenterSession',
      channels: ['chat'],
    });
    notes = [];
    await inject('POST', '/api/v2/me/channels/chat', agent, { operationName: 'Ready' });
    await waitFor(() => chatNotes().length > 0);
    const invited = chatNotes()[0];
    assert.equal(invited?.notificationType, 'StatusChange');
    const chat = invited?.chat as Data;
    chatId = chat.id as string;
    assert.match(chatId, /^0000[0-9A-Za-z]{12}$/);
    assert.equal(chat.state, 'Invited');
    assert.deepEqual(chat.capabilities, ['Accept', 'Reject']);
    assert.deepEqual(chat.userData, { Subject: 'Billing', Account: '42' });
    assert.equal(notes.find((n) => n.channel === '/v2/me/chats')?.userIds[0], agentId);
  });

  test('Accept: StatusChange Chatting, ParticipantsUpdated, MessageLogUpdated with the history', async () => {
    notes = [];
    const accepted = json(
      await inject('POST', `/api/v2/me/chats/${chatId}`, agent, { operationName: 'Accept', nickname: 'Ann' }),
    );
    assert.equal(accepted.statusCode, 0);
    const ref = accepted.referenceId;
    const [status, participants, history] = chatNotes();
    assert.equal(status?.notificationType, 'StatusChange');
    assert.equal(status?.chat?.state, 'Chatting');
    assert.deepEqual(status?.chat?.participants, []);
    assert.equal(status?.referenceId, ref);
    assert.equal(participants?.notificationType, 'ParticipantsUpdated');
    assert.deepEqual(
      (participants?.chat?.participants as Data[]).map((p) => [p.nickname, p.type, p.visibility]),
      [
        ['Chris', 'Customer', 'All'],
        ['Ann', 'Agent', 'All'],
      ],
    );
    assert.equal(history?.messageType, 'MessageLogUpdated');
    assert.equal(history?.chatPath, `/chats/${chatId}`);
    assert.deepEqual(
      history?.messages?.map((m) => [m.index, m.type, (m.from as Data).nickname]),
      [
        [1, 'ParticipantJoined', 'Chris'],
        [2, 'ParticipantJoined', 'Ann'],
      ],
    );
    const state = json(await inject('GET', `/api/v2/chats/${token}`, customer)).chat as Data;
    assert.equal(state.state, 'Chatting');
  });

  test('messages both ways, typing, and the customer polling only what is new', async () => {
    notes = [];
    await inject('POST', `/api/v2/chats/${token}`, customer, {
      operationName: 'SendMessage',
      text: 'My bill is wrong',
    });
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, {
      operationName: 'SendStartTypingNotification',
    });
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, {
      operationName: 'SendMessage',
      text: 'Let me look',
    });
    assert.deepEqual(
      chatNotes().map((n) => n.messages?.map((m) => [m.type, m.text]).flat()),
      [
        ['Text', 'My bill is wrong'],
        ['TypingStarted', undefined],
        ['Text', 'Let me look'],
      ],
    );
    const first = json(await inject('GET', `/api/v2/chats/${token}/messages`, customer)).messages as Data[];
    assert.deepEqual(
      first.map((m) => m.index),
      [1, 2, 3, 4, 5],
    );
    assert.equal('uri' in (first[1]?.from as Data), false, 'the customer never sees agent user URIs');
    assert.deepEqual(json(await inject('GET', `/api/v2/chats/${token}/messages`, customer)).messages, []);
    const all = json(await inject('GET', `/api/v2/chats/${token}/messages?index=4`, customer))
      .messages as Data[];
    assert.deepEqual(
      all.map((m) => m.index),
      [4, 5],
    );
  });

  test('user data and disposition: PropertiesUpdated with the full userData', async () => {
    notes = [];
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, {
      operationName: 'AttachUserData',
      userData: { Case: 7 },
    });
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, {
      operationName: 'DeleteUserData',
      keys: ['Account'],
    });
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, {
      operationName: 'SetDisposition',
      disposition: 'Resolved',
    });
    assert.deepEqual(
      chatNotes().map((n) => [n.notificationType, n.chat?.userData]),
      [
        ['PropertiesUpdated', { Subject: 'Billing', Account: '42', Case: 7 }],
        ['PropertiesUpdated', { Subject: 'Billing', Case: 7 }],
        ['PropertiesUpdated', { Subject: 'Billing', Case: 7, DispositionCode: 'Resolved' }],
      ],
    );
  });

  test("capabilities gate operations (2); someone else's chat is 6", async () => {
    assert.equal(
      failure(await inject('POST', `/api/v2/me/chats/${chatId}`, agent, { operationName: 'Accept' }))
        .statusCode,
      2,
    );
    assert.equal(
      failure(
        await inject('POST', `/api/v2/me/chats/${chatId}`, agent, {
          operationName: 'SendToAgents',
          text: 'x',
        }),
      ).statusCode,
      2,
    );
    await createUser(t, 'other.agent', ['ROLE_AGENT'], 'other-password');
    const other = { authorization: basic('other.agent', 'other-password') };
    assert.equal(
      failure(
        await inject('POST', `/api/v2/me/chats/${chatId}`, other, {
          operationName: 'SendMessage',
          text: 'hi',
        }),
      ).statusCode,
      6,
    );
    assert.equal(failure(await inject('GET', `/api/v2/me/chats/${chatId}`, other)).statusCode, 6);
    assert.equal(
      failure(await inject('GET', `/api/v2/chats/${chatId}`, customer)).statusCode,
      6,
      'an interaction id is no customer token',
    );
    assert.equal(
      failure(
        await inject('GET', `/api/v2/chats/${token}`, {
          contactcenterid: '00000000-0000-0000-0000-000000000000',
        }),
      ).statusCode,
      6,
    );
    assert.equal(failure(await inject('GET', `/api/v2/chats/${token}`, {})).statusCode, 1);
  });

  test('Leave: LeftChat, the customer is Idle; Complete: Completed with only state, id, uri', async () => {
    notes = [];
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, { operationName: 'Leave' });
    const left = chatNotes().find((n) => n.notificationType === 'StatusChange');
    assert.equal(left?.chat?.state, 'LeftChat');
    assert.ok((left?.chat?.capabilities as string[]).includes('Complete'));
    assert.equal((json(await inject('GET', `/api/v2/chats/${token}`, customer)).chat as Data).state, 'Idle');
    const tail = json(await inject('GET', `/api/v2/chats/${token}/messages`, customer)).messages as Data[];
    assert.deepEqual(
      tail.map((m) => [m.type, (m.from as Data).nickname]),
      [['ParticipantLeft', 'Ann']],
    );
    notes = [];
    await inject('POST', `/api/v2/me/chats/${chatId}`, agent, { operationName: 'Complete' });
    assert.deepEqual(Object.keys(chatNotes()[0]?.chat ?? {}).sort(), ['id', 'path', 'state', 'uri']);
    assert.equal(chatNotes()[0]?.chat?.state, 'Completed');
    assert.deepEqual(json(await inject('GET', '/api/v2/me/chats', agent)).uris, []);
  });
});
