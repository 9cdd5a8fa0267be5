/**
 * Several agents in one chat, end to end (spec §2 Transfer, Invite, Consult,
 * RemoveParticipantFromConference, §4.5): the cast of one test — agents and a Coach supervisor
 * with official CometD clients, customers — released after the test (agents Not Ready, chats
 * ended) so that routing offers no later test's chat to them; a coached chat to start from; and
 * operations that must succeed or be refused with nothing but a statusCode and a message.
 */
import assert from 'node:assert/strict';
import type { TransportType } from './cometd.js';
import type { Customer, Data, E2e, Party } from './e2e-chat.js';
import { acceptedChat } from './e2e-chat.js';
import { ChatViews, COACH, COACH_VIEW, INVITED } from './e2e-chat-views.js';
import { monitor } from './e2e-supervision.js';
import { agentCapabilities } from './e2e-views.js';

/** [ann's and cal's transport, bob's and the supervisor's]: each scenario runs with both. */
export const PAIRS: [TransportType, TransportType][] = [
  ['long-polling', 'websocket'],
  ['websocket', 'long-polling'],
];

export interface CoachedChat {
  readonly ann: Party;
  readonly sam: Party;
  readonly customer: Customer;
  readonly chatId: string;
  readonly v: ChatViews;
}

/** The parties of one test, released after it (`release`, from afterEach). */
export class Cast {
  private readonly agents: Party[] = [];
  private readonly customers: Customer[] = [];

  constructor(
    readonly e2e: E2e,
    readonly first: TransportType,
    readonly second: TransportType,
  ) {}

  /** An agent logged in on chat, on the `first` or `second` transport; Ready when `ready`. */
  async agent(on: 'first' | 'second', ready = false): Promise<Party> {
    const agent = await this.e2e.agent(on === 'first' ? this.first : this.second);
    this.agents.push(agent);
    if (ready) await agent.ready('Ready');
    return agent;
  }

  /**
   * ann (first transport) accepts a customer's chat, supervisor sam (second) subscribed in Coach
   * on her beforehand joins it (spec §4.1): every party's view of it asserted whole.
   */
  async coachedChat(): Promise<CoachedChat> {
    const { e2e } = this;
    const ann = await this.agent('first');
    const sam = await e2e.supervisor(this.second);
    assert.deepEqual((await monitor(sam, ann, { operationName: 'Coach' })).body, { statusCode: 0 });
    const { customer, chatId, invited, referenceId: ref } = await acceptedChat(e2e, ann);
    this.customers.push(customer);
    const v = new ChatViews(e2e, chatId, customer, invited.chat?.userData as Data);
    v.know(ann);
    v.know(sam);
    v.learn(ann, [invited]);
    assert.deepEqual(invited, v.status(ann, 'Invited', INVITED), 'a routing offer has no referenceId');
    const annSaw = v.learn(ann, await ann.next(4, 'Accept'));
    const samSaw = v.learn(sam, await sam.next(3, 'join'));
    const members = ['Chris:All', `${ann.userName}:All`, `${sam.userName}:Agents`];
    const caps = agentCapabilities(true);
    const joined = [
      '1 ParticipantJoined Chris:All',
      `2 ParticipantJoined ${ann.userName}:All`,
      `3 ParticipantJoined ${sam.userName}:Agents`,
    ];
    assert.deepEqual(annSaw.slice(0, 2), [
      v.status(ann, 'Chatting', caps, ref),
      v.updated(ann, caps, members, ref),
    ]);
    assert.deepEqual(v.lines(annSaw.slice(2)), joined);
    assert.deepEqual(samSaw.slice(0, 2), [
      v.status(sam, 'Chatting', COACH, ref, COACH_VIEW),
      v.updated(sam, COACH, members, ref, COACH_VIEW),
    ]);
    assert.deepEqual(v.lines(samSaw.slice(2)), joined);
    assert.deepEqual(await v.mine(ann), { statusCode: 0, chat: v.chat(ann, 'Chatting', caps, members) });
    assert.deepEqual(await v.mine(sam), {
      statusCode: 0,
      chat: v.chat(sam, 'Chatting', COACH, members, COACH_VIEW),
    });
    await v.customerSees('Chatting', ['Chris', ann.userName]);
    assert.deepEqual(await v.heard(), ['1 ParticipantJoined Chris', `2 ParticipantJoined ${ann.userName}`]);
    return { ann, sam, customer, chatId, v };
  }

  /** Every agent Not Ready, every customer's chat ended, every CometD session closed. */
  async release(): Promise<void> {
    for (const agent of this.agents.splice(0)) await agent.ready('NotReady');
    for (const customer of this.customers.splice(0)) await customer.send({ operationName: 'Complete' });
    await this.e2e.disconnectAll();
  }
}

/** An operation that must succeed: its body is exactly `{statusCode: 0, referenceId}` (spec §1.3). */
export async function operated(by: Party, chatId: string, body: object): Promise<number> {
  const response = await by.operate(chatId, body);
  assert.deepEqual(response, { statusCode: 0, referenceId: response.referenceId }, JSON.stringify(body));
  assert.equal(typeof response.referenceId, 'number');
  return response.referenceId as number;
}

/** An operation refused with `statusCode` and a message, nothing else (spec §1.3). */
export async function refused(by: Party, chatId: string, body: object, statusCode: number): Promise<void> {
  const response = await by.operate(chatId, body);
  assert.deepEqual(
    response,
    { statusCode, statusMessage: response.statusMessage },
    `${JSON.stringify(body)} → ${JSON.stringify(response)}`,
  );
  assert.equal(typeof response.statusMessage, 'string');
}

/**
 * An agent joined: the agent `ann` and the coach `sam` each get the updated participants with
 * their capabilities, then the join notice line.
 */
export async function seenJoining(
  c: CoachedChat,
  annCaps: readonly string[],
  joined: string,
  members: string[],
  referenceId: unknown,
): Promise<void> {
  for (const [p, caps, extra] of [
    [c.ann, annCaps, {}],
    [c.sam, COACH, COACH_VIEW],
  ] as const) {
    const saw = await p.next(2, 'the agent joined');
    assert.deepEqual(saw[0], c.v.updated(p, caps, members, referenceId, extra));
    assert.deepEqual(c.v.lines(saw.slice(1)), [joined]);
  }
}
