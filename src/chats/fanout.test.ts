/**
 * MessagesAdded fan-out (fanout.ts) as a property: whatever the parties (agents, supervisors in
 * any mode, present or not) and the messages (any visibility, from anyone or from no party), every
 * user receives exactly the messages its own role's view holds (present.ts through visibility.ts),
 * once — also when one notification serves agents and supervisors together.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { fanOut } from './fanout.js';
import type { Chat, Message, Party, PartyState, SupervisorMode, Visibility } from './model.js';
import { presentMessages } from './present.js';

const chat: Chat = {
  id: 'chat0000000000001',
  contactCenterId: 'cc',
  queue: 'q',
  subject: 's',
  phase: 'Active',
  userData: {},
  lastIndex: 0,
  createdAt: 0,
  endedAt: null,
  version: 1,
};
const links = (path: string) => `http://parley.test/api/v2${path}`;

const partyArb = (index: number) =>
  fc
    .record({
      role: fc.constantFrom('customer', 'agent', 'supervisor') as fc.Arbitrary<Party['role']>,
      state: fc.constantFrom<PartyState>('Chatting', 'Chatting', 'Invited', 'LeftChat'),
      mode: fc.constantFrom<SupervisorMode>('Monitor', 'Coach', 'BargeIn'),
    })
    .map(({ role, state, mode }): Party => ({
      chatId: chat.id,
      participantId: `p${index}`,
      role,
      userId: role === 'customer' ? null : `u${index}`,
      nickname: `n${index}`,
      state,
      mode: role === 'supervisor' ? mode : null,
      invitedAt: 0,
      offerExpiresAt: null,
      via: role === 'customer' ? 'Request' : role === 'agent' ? 'Routing' : 'Monitoring',
      monitoredAgentId: null,
    }));

const world = fc.integer({ min: 1, max: 6 }).chain((count) =>
  fc.record({
    parties: fc.tuple(...Array.from({ length: count }, (_, i) => partyArb(i))),
    messages: fc.array(
      fc.record({
        from: fc.integer({ min: 0, max: count }).map((i) => `p${i}`),
        visibility: fc.constantFrom<Visibility>('All', 'Agents', 'Supervisors'),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    except: fc.option(fc.integer({ min: 0, max: count - 1 }).map((i) => `p${i}`)),
  }),
);

test('every user gets exactly its role’s view of new messages, once', async () => {
  await fc.assert(
    fc.asyncProperty(world, async ({ parties, messages: drafts, except }) => {
      const messages: Message[] = drafts.map((d, i) => ({
        chatId: chat.id,
        index: i + 1,
        type: 'Text',
        from: d.from,
        visibility: d.visibility,
        text: `t${i}`,
        url: null,
        noticeText: null,
        messageType: null,
        treatAs: null,
        createdAt: 1_700_000_000_000 + i,
      }));
      const received = new Map<string, unknown[]>();
      const notifications = await fanOut(
        { chat, parties },
        [{ type: 'MessagesAdded', messages, ...(except === null ? {} : { exceptParticipant: except }) }],
        { links, referenceId: 7, transcript: async () => messages },
      );
      for (const { userIds, data } of notifications) {
        for (const userId of userIds) {
          received.set(userId, [...(received.get(userId) ?? []), (data as { messages: unknown }).messages]);
        }
      }
      for (const party of parties) {
        if (party.userId === null) continue;
        const told = party.state === 'Chatting' && party.participantId !== except;
        const view = presentMessages(party.role, messages, parties, links);
        const expected = told && view.length > 0 ? [view] : [];
        assert.deepEqual(JSON.parse(JSON.stringify(received.get(party.userId) ?? [])), expected);
      }
    }),
    { numRuns: 2000 },
  );
});

test('an agent and a supervisor with the same view share one notification object', async () => {
  const party = (id: string, role: Party['role'], mode: SupervisorMode | null): Party => ({
    chatId: chat.id,
    participantId: id,
    role,
    userId: role === 'customer' ? null : `u-${id}`,
    nickname: id,
    state: 'Chatting',
    mode,
    invitedAt: 0,
    offerExpiresAt: null,
    via: role === 'customer' ? 'Request' : role === 'agent' ? 'Routing' : 'Monitoring',
    monitoredAgentId: null,
  });
  const parties = [
    party('c', 'customer', null),
    party('a', 'agent', null),
    party('s', 'supervisor', 'Monitor'),
  ];
  const text = (from: string, visibility: Visibility): Message => ({
    chatId: chat.id,
    index: 1,
    type: 'Text',
    from,
    visibility,
    text: 'hi',
    url: null,
    noticeText: null,
    messageType: null,
    treatAs: null,
    createdAt: 1_700_000_000_000,
  });
  const publishes = async (message: Message) => {
    const notifications = await fanOut({ chat, parties }, [{ type: 'MessagesAdded', messages: [message] }], {
      links,
      referenceId: undefined,
      transcript: async () => [],
    });
    return notifications.map((n) => [...n.userIds]);
  };
  // The customer's text: the same for both roles, one notification.
  assert.deepEqual(await publishes(text('c', 'All')), [['u-a', 'u-s']]);
  // A monitoring supervisor's note: supervisors only.
  assert.deepEqual(await publishes(text('s', 'Supervisors')), [['u-s']]);
  // A message the agent sees from a sender it may not see as such (the Monitor supervisor): two views.
  assert.deepEqual(await publishes(text('s', 'All')), [['u-a'], ['u-s']]);
});
