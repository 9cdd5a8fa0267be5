/**
 * A customer widget as deployed widgets talk, against the real process with no proxy in front
 * (spec §1.4, §6.1): from the company's site (an allowed origin), with an extra `apikey` header
 * (PARLEY_CORS_HEADERS), without `ContactCenterId` (PARLEY_DEFAULT_CONTACT_CENTER), without a
 * Content-Type on its JSON bodies, and with trailing slashes on every path. The request is
 * raw node:http, so exactly these headers go on the wire. An agent on CometD takes the chat.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Data, Party } from '../support/e2e-chat.js';
import { E2e } from '../support/e2e-chat.js';

const ORIGIN = 'https://shop.example.com';
const CONTACT_CENTER = 'cfe5ad67-ba6d-4340-81f9-bb680ef5d498';
const WIDGET_HEADERS = { origin: ORIGIN, apikey: 'widget-key-123' };

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Data;
}

/** One HTTP exchange with exactly `headers` (node:http adds only Host, Connection, Content-Length). */
function exchange(base: string, method: string, path: string, headers: object, body?: object) {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise<Answer>((resolve, reject) => {
    const sent = request(new URL(path, base), {
      method,
      headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
    });
    sent.on('error', reject);
    sent.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: (text ? JSON.parse(text) : {}) as Data,
        }),
      );
    });
    sent.end(payload);
  });
}

describe('a customer widget through the real server, no proxy', () => {
  let e2e: E2e;
  let agent: Party;
  let token: string;
  let chatId: string;
  const widget = (method: 'GET' | 'POST', path: string, body?: object) =>
    exchange(e2e.url, method, path, WIDGET_HEADERS, body);
  /** The customer's polling until the chat reaches `state` (bounded). */
  const chatState = async (state: string): Promise<Data> => {
    let chat: Data | undefined;
    for (let i = 0; i < 100; i++) {
      chat = (await widget('GET', `/api/v2/chats/${token}/`)).body.chat;
      if (chat?.state === state) return chat;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.fail(`the customer never saw ${state}: ${JSON.stringify(chat)}`);
  };

  before(async () => {
    e2e = await E2e.start('sqlite', {
      PARLEY_CONTACT_CENTER_ID: CONTACT_CENTER,
      PARLEY_DEFAULT_CONTACT_CENTER: CONTACT_CENTER,
      PARLEY_CORS_ORIGINS: ORIGIN,
      PARLEY_CORS_HEADERS: 'apikey',
    });
    assert.equal(e2e.contactCenterId, CONTACT_CENTER);
    agent = await e2e.agent('long-polling');
  });
  after(() => e2e.stop());

  test('the browser’s preflight from the shop allows apikey, and no ContactCenterId is needed', async () => {
    const preflight = await exchange(e2e.url, 'OPTIONS', '/api/v2/chats/', {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'apikey',
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], ORIGIN);
    assert.equal(preflight.headers['access-control-allow-credentials'], 'true');
    assert.match(String(preflight.headers['access-control-allow-methods']), /\bPOST\b/);
    const allowed = String(preflight.headers['access-control-allow-headers']).split(', ');
    assert.ok(allowed.includes('apikey'), allowed.join(', '));
    const elsewhere = await exchange(e2e.url, 'OPTIONS', '/api/v2/chats/', {
      origin: 'https://evil.example',
      'access-control-request-headers': 'apikey',
    });
    assert.equal(elsewhere.headers['access-control-allow-headers'], undefined);
  });

  test('RequestChat at /api/v2/chats/ with no Content-Type and no ContactCenterId', async () => {
    const requested = await widget('POST', '/api/v2/chats/', {
      operationName: 'RequestChat',
      nickname: 'Chris',
      subject: 'Widget order',
    });
    assert.equal(requested.status, 200, JSON.stringify(requested.body));
    token = requested.body.id as string;
    assert.deepEqual(requested.body, { statusCode: 0, id: token, path: `/api/v2/chats/${token}` });
    assert.equal(requested.headers['access-control-allow-origin'], ORIGIN);
    assert.equal((await chatState('WaitingForAgent')).state, 'WaitingForAgent');
  });

  test('an agent is offered the chat over CometD and accepts it', async () => {
    await agent.ready('Ready');
    const [invited] = await agent.next(1, 'invitation');
    await agent.ready('NotReady');
    assert.equal(invited?.chat?.state, 'Invited');
    assert.equal((invited?.chat?.userData as Data | undefined)?.Subject, 'Widget order');
    chatId = invited?.chat?.id as string;
    const accepted = await agent.operate(chatId, { operationName: 'Accept', nickname: agent.userName });
    assert.equal(accepted.statusCode, 0, JSON.stringify(accepted));
    await chatState('Chatting');
  });

  test('the customer writes, the agent receives it; the agent answers, the customer polls it', async () => {
    const sent = await widget('POST', `/api/v2/chats/${token}/`, {
      operationName: 'SendMessage',
      text: 'Where is my order?',
    });
    assert.deepEqual(sent.body, { statusCode: 0 });
    const heard = await agent.until(
      (d) => (d.messages ?? []).some((m) => m.type === 'Text' && m.text === 'Where is my order?'),
      'the customer’s message',
    );
    assert.equal(heard.at(-1)?.messageType, 'MessageLogUpdated');
    const answered = await agent.operate(chatId, { operationName: 'SendMessage', text: 'On its way.' });
    assert.equal(answered.statusCode, 0);

    let texts: string[] = [];
    for (let i = 0; i < 100 && !texts.includes('On its way.'); i++) {
      const polled = await widget('GET', `/api/v2/chats/${token}/messages/?index=1`);
      assert.equal(polled.body.statusCode, 0, JSON.stringify(polled.body));
      texts = (polled.body.messages ?? []).filter((m) => m.type === 'Text').map((m) => String(m.text));
      if (!texts.includes('On its way.')) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.deepEqual(texts, ['Where is my order?', 'On its way.']);
  });

  test('the customer completes: the agent sees it leave, the customer’s chat is Idle', async () => {
    const completed = await widget('POST', `/api/v2/chats/${token}/`, { operationName: 'Complete' });
    assert.deepEqual(completed.body, { statusCode: 0 });
    await agent.until(
      (d) => (d.messages ?? []).some((m) => m.type === 'ParticipantLeft' && m.from?.type === 'Customer'),
      'the customer’s ParticipantLeft',
    );
    assert.equal((await chatState('Idle')).state, 'Idle');
  });
});
