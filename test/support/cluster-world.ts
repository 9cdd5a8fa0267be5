/**
 * A chat world on a cluster for the cluster tests: nodes on one PostgreSQL schema and one Redis
 * behind HAProxy (cluster.ts), users made through the API, each client pinned to the node the
 * test names by the balancer's cookie, and CometD listeners that behave as a GWS client does
 * after losing its node: re-handshake through the balancer, re-subscribe, and let the test
 * rebuild its state from the REST GETs.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { CometD, Message } from 'cometd';
import { REDIS_URL } from './buses.js';
import type { Cluster } from './cluster.js';
import { startCluster } from './cluster.js';
import type { TransportType } from './cometd.js';
import { disconnect, handshake, newClient, subscribe, waitFor } from './cometd.js';
import type { TestDatabase } from './databases.js';
import { postgresDatabase } from './databases.js';
import { basicHeader } from './server-process.js';

export type Json = Record<string, unknown>;
export const ADMIN = { authorization: basicHeader('admin', 'admin-password') };

/** The texts of a transcript's Text messages, in order. */
export const textsOf = (messages: Json[]): string[] =>
  messages.filter((m) => m.type === 'Text').map((m) => String(m.text));

export interface WorldUser {
  readonly id: string;
  readonly userName: string;
  /** Basic credentials and the cookie pinning to `node` (n1, n2, …). */
  headers(node: string): Record<string, string>;
}

/** A CometD session subscribed to /v2/me/chats that re-subscribes after every re-handshake. */
export class Listener {
  readonly messages: Message[] = [];
  handshakes = 0;

  constructor(readonly client: CometD) {
    client.addListener('/meta/handshake', (reply: Message) => {
      if (!reply.successful) return;
      this.handshakes += 1;
      if (this.handshakes > 1) void subscribe(client, '/v2/me/chats', this.messages).catch(() => {});
    });
  }

  /** The data of every /v2/me/chats notification, in arrival order. */
  get received(): Json[] {
    return this.messages.map((m) => m.data as Json);
  }

  /** The text of every Text message received, in arrival order. */
  heard(): string[] {
    return this.texts().map((m) => m.text);
  }

  /** The `index`/`text` of every Text message received, in arrival order. */
  texts(): { index: number; text: string }[] {
    return this.received.flatMap((d) =>
      d.messageType === 'MessageLogUpdated'
        ? (d.messages as Json[])
            .filter((m) => m.type === 'Text')
            .map((m) => ({ index: m.index as number, text: m.text as string }))
        : [],
    );
  }
}

export class ClusterWorld {
  private readonly clients: CometD[] = [];
  private count = 0;

  private constructor(
    readonly cluster: Cluster,
    readonly database: TestDatabase,
    readonly contactCenterId: string,
  ) {}

  static async start(options: {
    nodes: number;
    redisUrl?: string;
    env?: Record<string, string>;
  }): Promise<ClusterWorld> {
    const database = postgresDatabase();
    await (await database.open()).close(); // creates the schema
    const cluster = await startCluster({
      nodes: options.nodes,
      publicUrl: true,
      env: {
        DATABASE_URL: database.databaseUrl,
        PARLEY_ADMIN: 'admin:admin-password',
        REDIS_URL: options.redisUrl ?? REDIS_URL,
        PARLEY_REDIS_PREFIX: `parley-cluster-${randomBytes(6).toString('hex')}`,
        ...options.env,
      },
    });
    const me = await rest(cluster.url, 'GET', '/api/v2/me', ADMIN);
    return new ClusterWorld(cluster, database, (me.body.user as Json).contactCenterId as string);
  }

  get url(): string {
    return this.cluster.url;
  }

  request(method: 'GET' | 'POST' | 'PUT', path: string, headers: Record<string, string>, body?: object) {
    return rest(this.url, method, path, headers, body);
  }

  /** A request that must succeed (statusCode 0); returns the body. */
  async ok(path: string, headers: Record<string, string>, body: object): Promise<Json> {
    const answer = await this.request('POST', path, headers, body);
    assert.equal(
      answer.body.statusCode,
      0,
      `${path} ${JSON.stringify(body)} → ${JSON.stringify(answer.body)}`,
    );
    return answer.body;
  }

  async user(prefix: string, roles: string[]): Promise<WorldUser> {
    const userName = `${prefix}${++this.count}`;
    const created = await this.ok('/api/v2/users', ADMIN, { userName, password: 'party-password', roles });
    const authorization = basicHeader(userName, 'party-password');
    return {
      id: created.id as string,
      userName,
      headers: (node) => ({ authorization, cookie: this.cluster.stickyCookie(node) }),
    };
  }

  customerHeaders(node: string): Record<string, string> {
    return { contactcenterid: this.contactCenterId, cookie: this.cluster.stickyCookie(node) };
  }

  /** A CometD session of `user` pinned to `node`, subscribed to /v2/me/chats. */
  async listen(user: WorldUser, node: string, transport: TransportType, ack = false): Promise<Listener> {
    const client = newClient(
      { url: `${this.url}/api/v2/notifications` },
      {
        transport,
        credentials: { basic: [user.userName, 'party-password'] },
        pin: this.cluster.stickyCookie(node),
        ack,
      },
    );
    this.clients.push(client);
    const listener = new Listener(client);
    assert.equal((await handshake(client)).successful, true, `${user.userName} handshake`);
    assert.equal((await subscribe(client, '/v2/me/chats', listener.messages)).successful, true);
    return listener;
  }

  /** A customer's chat, offered to and accepted by `agent` (Ready on `node` until the offer). */
  async acceptedChat(agent: WorldUser, agentListener: Listener, node: string) {
    const customer = this.customerHeaders(node);
    const asked = await this.ok('/api/v2/chats', customer, {
      operationName: 'RequestChat',
      nickname: 'Chris',
    });
    const invited = () =>
      agentListener.received.find((d) => (d.chat as Json | undefined)?.state === 'Invited');
    await this.ok('/api/v2/me/channels/chat', agent.headers(node), { operationName: 'Ready' });
    await waitFor(() => invited() !== undefined, 10_000, 'the offer').catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; received ${JSON.stringify(agentListener.received)}`);
    });
    await this.ok('/api/v2/me/channels/chat', agent.headers(node), { operationName: 'NotReady' });
    const chatId = (invited()?.chat as Json).id as string;
    await this.ok(`/api/v2/me/chats/${chatId}`, agent.headers(node), {
      operationName: 'Accept',
      nickname: agent.userName,
    });
    return { chatId, token: asked.id as string };
  }

  /**
   * `acceptedChat` with `supervisor` barged in through `node`, and `say`: a SendMessage by a party
   * (or the customer) through a node that must be answered statusCode 0; `acknowledged` lists them.
   */
  async bargedInChat(agent: WorldUser, agentListener: Listener, supervisor: WorldUser, node: string) {
    const { chatId, token } = await this.acceptedChat(agent, agentListener, node);
    await this.ok(`/api/v2/users/${agent.id}/chats/${chatId}`, supervisor.headers(node), {
      operationName: 'Intrude',
      supervisorVisibilityMode: 'BargeIn',
    });
    await this.ok(`/api/v2/me/chats/${chatId}`, supervisor.headers(node), { operationName: 'Accept' });
    const acknowledged: string[] = [];
    const say = async (who: 'customer' | WorldUser, through: string, text: string) => {
      const [path, headers] =
        who === 'customer'
          ? [`/api/v2/chats/${token}`, this.customerHeaders(through)]
          : [`/api/v2/me/chats/${chatId}`, who.headers(through)];
      const answer = await this.request('POST', path, headers, { operationName: 'SendMessage', text });
      assert.equal(answer.body.statusCode, 0, `${text}: ${JSON.stringify(answer.body)}`);
      acknowledged.push(text);
    };
    return { chatId, token, acknowledged, say };
  }

  /** The agent-side transcript through `node` (every message an agent may see). */
  async transcript(user: WorldUser, node: string, chatId: string): Promise<Json[]> {
    const answer = await this.request('GET', `/api/v2/me/chats/${chatId}/messages`, user.headers(node));
    assert.equal(answer.body.statusCode, 0, JSON.stringify(answer.body));
    return answer.body.messages as Json[];
  }

  async stop(): Promise<void> {
    await Promise.all(this.clients.splice(0).map((client) => disconnect(client).catch(() => {})));
    await this.cluster.stop();
    await this.database.drop();
  }
}

export async function rest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: object,
) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json', ...headers } : headers,
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  return {
    http: response.status,
    node: response.headers.get('x-parley-node'),
    body: (await response.json()) as Json,
  };
}
