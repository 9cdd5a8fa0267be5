/**
 * Two nodes, one database: each ChatEngine keeps the snapshot it last wrote (snapshot-cache.ts),
 * and that guess must never outlive a change made by the other node. Every case runs on SQLite
 * (two connections to one file, as two processes would have) and on PostgreSQL.
 *
 * On SQLite a failed command is answered once its savepoint is rolled back, while its group may
 * hold the write lock until the end of the event-loop turn: two processes would just wait for each
 * other, but two stores in one process must not let node B write right after node A failed (here
 * every failure of a node is followed by that same node's next command).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Outcome, OutcomeBuilder } from '../../src/chats/outcome.js';
import { ChatEngine } from '../../src/chats/engine.js';
import { Announcer } from '../../src/notifications/announcer.js';
import { InProcessBus } from '../../src/notifications/in-process-bus.js';
import type { Party } from '../../src/chats/model.js';
import { DomainError } from '../../src/errors.js';
import { cc, newChat, newParty } from '../../src/store/contract/fixtures.js';
import type { Store } from '../../src/store/store.js';
import type { TestDatabase } from '../support/databases.js';
import { describeEachStore } from '../support/databases.js';

const CHAT = '0000NODE00000001';
const links = () => (path: string) => `http://parley.test/api/v2${path}`;
const quiet = { warn: () => {}, error: () => {} };
const announcerOn = (store: Store, nodeId: string) =>
  new Announcer({ store, bus: new InProcessBus(), logger: quiet, nodeId });

/** A party says `text` (a changing command). */
const say =
  (text: string, from = 'agent-1') =>
  (b: OutcomeBuilder): Outcome<number> => {
    const m = b.addMessage(b.party(from) as Party, 'Text', 'All', { text });
    b.emit({ type: 'MessagesAdded', messages: [m] });
    return b.build({ result: m.index });
  };

/** A read-only command: fails unless the agent is still chatting, changes nothing. */
const requireChatting = (b: OutcomeBuilder): Outcome<string> => {
  const state = b.party('agent-1')?.state;
  if (state !== 'Chatting') throw new DomainError('InvalidState', `agent is ${state}`);
  return b.build({ result: state });
};

/** Another node moves the agent to LeftChat. */
const leave = (b: OutcomeBuilder): Outcome => {
  b.setParty({ ...(b.party('agent-1') as Party), state: 'LeftChat' });
  b.emit({ type: 'StatusChanged', participantId: 'agent-1' });
  return b.build();
};

describeEachStore('chat engine on two nodes', ({ name, skip, makeDatabase }) => {
  let database: TestDatabase;
  let nodeA: Store;
  let nodeB: Store;
  let engineA: ChatEngine;
  let engineB: ChatEngine;

  before(async () => {
    if (skip.skip) return;
    database = makeDatabase();
    nodeA = await database.open();
    nodeB = await database.open();
    await nodeA.contactCenters.create(cc('cc-1'));
    await nodeA.chats.insert({ ...newChat(CHAT), phase: 'Active' }, 'token-node-test');
    await nodeA.parties.put(newParty(CHAT, 'customer-1', 'customer', null, 'Chatting', 1));
    await nodeA.parties.put(newParty(CHAT, 'agent-1', 'agent', 'user-1', 'Chatting', 2));
    engineA = new ChatEngine({ store: nodeA, announcer: announcerOn(nodeA, 'a'), links });
    engineB = new ChatEngine({ store: nodeB, announcer: announcerOn(nodeB, 'b'), links });
  });
  after(async () => {
    if (skip.skip) return;
    await nodeA.close();
    await nodeB.close();
    await database.drop();
  });

  test(
    'a write from the other node makes the cached snapshot a retry, not a lost message',
    skip,
    async () => {
      assert.equal(await engineA.run(CHAT, say('one')), 2); // A now caches version 2
      assert.equal(await engineB.run(CHAT, say('two')), 3);
      assert.equal(await engineA.run(CHAT, say('three')), 4, 'A re-read after its update found version 3');
      const transcript = await nodeA.messages.list(CHAT, 1, 10);
      assert.deepEqual(
        transcript.map((m) => [m.index, m.text]),
        [
          [2, 'one'],
          [3, 'two'],
          [4, 'three'],
        ],
      );
      assert.equal((await nodeA.chats.get(CHAT))?.version, 4);
    },
  );

  test('a read-only decision is checked against the stored version', skip, async () => {
    assert.equal(await engineA.run(CHAT, requireChatting), 'Chatting'); // cached: agent chatting
    await engineB.run(CHAT, leave);
    await assert.rejects(
      engineA.run(CHAT, requireChatting),
      (e: unknown) => e instanceof DomainError && e.code === 'InvalidState' && /LeftChat/.test(e.message),
    );
  });

  test('an error decided on a stale snapshot is re-decided on the stored one', skip, async () => {
    // A caches the agent in LeftChat (its last write); B brings the agent back; A's check, which
    // fails on the cached snapshot, must be decided again on the stored one — and pass.
    await engineA.run(CHAT, say('anyone there?', 'customer-1'));
    await engineB.run(CHAT, (b) => {
      b.setParty({ ...(b.party('agent-1') as Party), state: 'Chatting' });
      return b.build();
    });
    assert.equal(await engineA.run(CHAT, requireChatting), 'Chatting');
  });

  // Two SQLite stores in one process writing at once would wait out each other's busy timeout
  // (one synchronous writer blocks the event loop the other's group commit needs): several nodes
  // are a PostgreSQL deployment.
  const postgresOnly = name === 'postgres' ? skip : { skip: 'several writing nodes need PostgreSQL' };
  test('both nodes writing at once: every message lands once, none fails', postgresOnly, async () => {
    const from = (await nodeA.chats.get(CHAT))?.lastIndex ?? 0;
    const writes = ['a', 'b'].flatMap((node) =>
      Array.from({ length: 60 }, (_, i) =>
        (node === 'a' ? engineA : engineB).run(CHAT, say(`${node}${i}`, i % 2 ? 'customer-1' : 'agent-1')),
      ),
    );
    const indices = await Promise.all(writes);
    assert.equal(new Set(indices).size, 120, 'each write got its own index');
    const texts = (await nodeB.messages.list(CHAT, from, 1000)).map((m) => m.text);
    assert.equal(texts.length, 120);
    assert.equal(new Set(texts).size, 120);
  });
});
