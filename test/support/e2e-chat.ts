/**
 * End-to-end chat harness: the real Parley (one process on a temporary SQLite file, or a cluster
 * of three behind HAProxy on PostgreSQL and Redis: e2e-stack.ts), driven with real HTTP (fetch)
 * and the official CometD client. Agents and supervisors are `Party`s, each
 * with its own CometD session subscribed to `/v2/me/chats` (spec §5.1); the customer polls the
 * customer chat API (spec §6.1). Every wait is bounded.
 */
import assert from 'node:assert/strict';
import type { CometD, Message } from 'cometd';
import type { TestDatabase } from './databases.js';
import type { TransportType } from './cometd.js';
import { disconnect, handshake, newClient, subscribe, waitFor } from './cometd.js';
import type { Role, Stack, StackName } from './e2e-stack.js';
import { startStack } from './e2e-stack.js';
import { basicHeader } from './server-process.js';
import { GWS_TIMESTAMP } from './e2e-views.js';

export type Data = Record<string, unknown> & {
  chat?: Data;
  messages?: Data[];
  participants?: Data[];
  from?: Data;
};
export type Headers = Record<string, string>;

export const ADMIN_HEADERS: Headers = { authorization: basicHeader('admin', 'admin-password') };
/** Long enough for a notification already published to reach a CometD client on this machine. */
const QUIET_MS = 250;

export class E2e {
  private readonly open: CometD[] = [];
  private counter = 0;

  private constructor(
    readonly stack: Stack,
    readonly contactCenterId: string,
  ) {}

  /** `env` is added to every node's environment (e.g. a setting the suite is about). */
  static async start(stack: StackName = 'sqlite', env: Record<string, string> = {}): Promise<E2e> {
    const started = await startStack(stack, env);
    const me = await call(started.url, 'GET', '/api/v2/me', ADMIN_HEADERS);
    const contactCenterId = (me.body.user as Data | undefined)?.contactCenterId;
    assert.equal(typeof contactCenterId, 'string', JSON.stringify(me.body));
    return new E2e(started, contactCenterId as string);
  }

  get url(): string {
    return this.stack.url;
  }

  /** The store the server writes (for a test that must write to it directly). */
  get database(): TestDatabase {
    return this.stack.database;
  }

  /** Headers that pin a party of `role` to its node in a cluster (none on one node). */
  pinned(role: Role): Headers {
    const pin = this.stack.pin(role);
    return pin === undefined ? {} : { cookie: pin };
  }

  request(method: 'GET' | 'POST', path: string, headers: Headers, body?: object) {
    return call(this.url, method, path, headers, body);
  }

  /** A unique user name for this run (tests create fresh users). */
  name(prefix: string): string {
    return `${prefix}${++this.counter}`;
  }

  async createUser(userName: string, roles: string[], password = 'party-password'): Promise<string> {
    const created = await this.request('POST', '/api/v2/users', ADMIN_HEADERS, { userName, password, roles });
    assert.equal(created.body.statusCode, 0, JSON.stringify(created.body));
    return created.body.id as string;
  }

  /** A new user with a CometD session (on `transport`) subscribed to `/v2/me/chats`. */
  async party(prefix: string, roles: string[], transport: TransportType): Promise<Party> {
    const userName = this.name(prefix);
    const id = await this.createUser(userName, roles);
    const role: Role = roles.includes('ROLE_SUPERVISOR') ? 'supervisor' : 'agent';
    const client = newClient(
      { url: `${this.url}/api/v2/notifications` },
      { transport, credentials: { basic: [userName, 'party-password'] }, pin: this.stack.pin(role) },
    );
    this.open.push(client);
    const party = new Party(this, id, userName, client, this.pinned(role), role);
    assert.equal((await handshake(client)).successful, true, `${userName} handshake`);
    assert.equal((await subscribe(client, '/v2/me/chats', party.received)).successful, true);
    return party;
  }

  /** An agent logged in on the chat channel, Not Ready (routing offers it nothing yet). */
  async agent(transport: TransportType): Promise<Party> {
    const agent = await this.party('agent', ['ROLE_AGENT'], transport);
    await agent.ok('/api/v2/me', { operationName: 'StartContactCenterSession', channels: ['chat'] });
    return agent;
  }

  supervisor(transport: TransportType): Promise<Party> {
    return this.party('super', ['ROLE_SUPERVISOR'], transport);
  }

  async admin(body: object): Promise<void> {
    const response = await this.request('POST', '/parley/v1/contact-center', ADMIN_HEADERS, body);
    assert.equal(response.body.statusCode, 0, JSON.stringify(response.body));
    if (this.stack.cluster) await this.settingsEverywhere();
  }

  /**
   * Waits until every node's cached contact center (what its requests are judged by) is the
   * stored one: other nodes learn of a change by a bus signal, within the 2 s cache life at most
   * (docs/deploy.md). Bounded: fails after 5 s.
   */
  private async settingsEverywhere(): Promise<void> {
    const stored = (await this.request('GET', '/parley/v1/contact-center', ADMIN_HEADERS)).body
      .contactCenter as Data;
    for (const role of ['agent', 'supervisor', 'customer'] as const) {
      const headers = { ...ADMIN_HEADERS, ...this.pinned(role) };
      for (let deadline = Date.now() + 5000; ; await new Promise((r) => setTimeout(r, 20))) {
        const user = (await this.request('GET', '/api/v2/me?subresources=features,settings', headers)).body
          .user as Data;
        if (
          JSON.stringify([user.features, user.settings]) ===
          JSON.stringify([stored.features, stored.settings])
        )
          break;
        if (Date.now() > deadline) throw new Error(`node of the ${role}s kept old settings`);
      }
    }
  }

  /**
   * The audit trail about one agent (Parley extension, as admin), oldest first, one line each:
   * `action fromMode→toMode supervisor chat` with ids replaced by the names given.
   */
  async audit(agentId: string, names: Record<string, string>): Promise<string[]> {
    const path = `/parley/v1/supervision/audit?agentId=${agentId}`;
    const response = await this.request('GET', path, ADMIN_HEADERS);
    assert.equal(response.body.statusCode, 0);
    return (response.body.entries as Data[]).map((e) => {
      assert.equal(e.agentId, agentId);
      assert.match(String(e.timestamp), GWS_TIMESTAMP);
      const name = (id: unknown) => (id === null ? '-' : (names[String(id)] ?? String(id)));
      return `${String(e.action)} ${String(e.fromMode)}→${String(e.toMode)} ${name(e.supervisorId)} ${name(e.chatId)}`;
    });
  }

  async disconnectAll(): Promise<void> {
    const clients = this.open.splice(0);
    await Promise.all(clients.map((client) => disconnect(client)));
  }

  async stop(): Promise<void> {
    await this.disconnectAll();
    await this.stack.stop();
  }
}

export async function call(
  base: string,
  method: 'GET' | 'POST',
  path: string,
  headers: Headers,
  body?: object,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { http: response.status, body: (await response.json()) as Data };
}

/** An agent or a supervisor: REST calls with Basic, and what its CometD client received. */
export class Party {
  readonly received: Message[] = [];
  private cursor = 0;

  constructor(
    readonly e2e: E2e,
    readonly id: string,
    readonly userName: string,
    readonly client: CometD,
    private readonly pin: Headers = {},
    readonly role: Role = 'agent',
  ) {}

  get headers(): Headers {
    return { authorization: basicHeader(this.userName, 'party-password'), ...this.pin };
  }

  get uri(): string {
    return `${this.e2e.url}/api/v2/users/${this.id}`;
  }

  post(path: string, body: object) {
    return this.e2e.request('POST', path, this.headers, body);
  }

  /** POST that must succeed; returns the body. */
  async ok(path: string, body: object): Promise<Data> {
    const response = await this.post(path, body);
    assert.equal(response.body.statusCode, 0, `${JSON.stringify(body)} → ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** An operation on its own copy of a chat (spec §2); returns the response body. */
  async operate(chatId: string, body: object): Promise<Data> {
    return (await this.post(`/api/v2/me/chats/${chatId}`, body)).body;
  }

  ready(state: 'Ready' | 'NotReady' = 'Ready') {
    return this.ok('/api/v2/me/channels/chat', { operationName: state });
  }

  /** Every `/v2/me/chats` notification received so far (the `data` of each Bayeux message). */
  all(): Data[] {
    return this.received.map((m) => m.data as Data);
  }

  /** Waits for exactly the next `count` notifications and returns them. */
  async next(count: number, what = 'notifications'): Promise<Data[]> {
    const until = this.cursor + count;
    await waitFor(() => this.received.length >= until, 5000, `${count} ${what} for ${this.userName}`);
    for (const m of this.received.slice(this.cursor, until)) assert.equal(m.channel, '/v2/me/chats');
    const taken = this.all().slice(this.cursor, until);
    this.cursor = until;
    return taken;
  }

  /**
   * Waits for a notification matching `predicate` and returns everything received up to and
   * including it (so a missing notification shows as a wrong list, not as a timeout).
   */
  async until(predicate: (d: Data) => boolean, what: string): Promise<Data[]> {
    const from = this.cursor;
    const found = () => this.all().findIndex((d, i) => i >= from && predicate(d));
    await waitFor(() => found() >= 0, 5000, `${what} for ${this.userName}`);
    this.cursor = found() + 1;
    return this.all().slice(from, this.cursor);
  }

  /** Nothing was received beyond what was taken with `next`. */
  assertNothingNew(what = ''): void {
    assert.deepEqual(this.all().slice(this.cursor), [], `${this.userName} received nothing more ${what}`);
  }
}

/** After a short pause, no party received anything beyond what the test took. */
export async function assertQuiet(...parties: Party[]): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
  for (const p of parties) p.assertNothingNew('(quiet)');
}

/** The customer: no credentials, only the ContactCenterId header and its chat token (spec §6.1). */
export class Customer {
  /** Everything its polling has returned, in order. */
  readonly polled: Data[] = [];

  private constructor(
    readonly e2e: E2e,
    readonly token: string,
    readonly nickname: string,
  ) {}

  static headers(e2e: E2e): Headers {
    return { contactcenterid: e2e.contactCenterId, ...e2e.pinned('customer') };
  }

  static async request(e2e: E2e, nickname: string, extra: object = {}): Promise<Customer> {
    const response = await e2e.request('POST', '/api/v2/chats', Customer.headers(e2e), {
      operationName: 'RequestChat',
      nickname,
      ...extra,
    });
    assert.equal(response.body.statusCode, 0, JSON.stringify(response.body));
    const token = response.body.id as string;
    assert.deepEqual(response.body, { statusCode: 0, id: token, path: `/api/v2/chats/${token}` });
    return new Customer(e2e, token, nickname);
  }

  async chat(): Promise<Data> {
    const response = await this.e2e.request('GET', `/api/v2/chats/${this.token}`, Customer.headers(this.e2e));
    assert.equal(response.body.statusCode, 0);
    return response.body.chat as Data;
  }

  /** `GET …/messages`: only what this customer has not been given yet. */
  async poll(): Promise<Data[]> {
    const path = `/api/v2/chats/${this.token}/messages`;
    const response = await this.e2e.request('GET', path, Customer.headers(this.e2e));
    assert.equal(response.body.statusCode, 0);
    const messages = response.body.messages as Data[];
    this.polled.push(...messages);
    return messages;
  }

  /** `GET …/messages?index=n`: everything from index n. */
  async from(index: number): Promise<Data[]> {
    const path = `/api/v2/chats/${this.token}/messages?index=${index}`;
    return (await this.e2e.request('GET', path, Customer.headers(this.e2e))).body.messages as Data[];
  }

  async send(body: object): Promise<Data> {
    const path = `/api/v2/chats/${this.token}`;
    return (await this.e2e.request('POST', path, Customer.headers(this.e2e), body)).body;
  }
}

/**
 * A customer's chat offered to `agent`: the customer asks, the agent becomes Ready, receives the
 * invitation over CometD and goes Not Ready again (so no later chat of another test reaches it).
 */
export async function offer(e2e: E2e, agent: Party, nickname = 'Chris') {
  const subject = e2e.name('subject-');
  const customer = await Customer.request(e2e, nickname, { subject });
  await agent.ready('Ready');
  const [invited] = await agent.next(1, 'invitation');
  await agent.ready('NotReady');
  assert.equal(invited?.chat?.state, 'Invited');
  assert.equal(
    (invited?.chat?.userData as Data | undefined)?.Subject,
    subject,
    'the offer is this customer’s chat',
  );
  return { customer, chatId: invited?.chat?.id as string, invited: invited as Data };
}

/** `offer`, then the agent accepts (its Accept notifications are left for the test to take). */
export async function acceptedChat(e2e: E2e, agent: Party, nickname = 'Chris') {
  const offered = await offer(e2e, agent, nickname);
  const accepted = await agent.operate(offered.chatId, { operationName: 'Accept', nickname: agent.userName });
  assert.equal(accepted.statusCode, 0, JSON.stringify(accepted));
  return { ...offered, referenceId: accepted.referenceId as number };
}
