/**
 * R2, races: conflicting operations fired at the same moment on small chat worlds — a supervisor
 * intruding twice and two supervisors at once, Accept vs Complete, Accept vs Reject vs the
 * customer leaving, two Transfers and an Invite of one chat then two agents accepting it, two
 * Accepts vs Leave, three invitations for an agent's last slot, Switch vs Leave, Transfer vs the
 * supervisor's Transfer vs Complete, a supervisor's Accept vs the customer leaving
 * (support/race-*-scenarios.ts) — on SQLite, on PostgreSQL, and on two nodes (two apps on one
 * PostgreSQL schema, each with its own Redis bus, requests spread over both). Every answer must be a GWS envelope
 * (never a 5xx); each round judges who won against the store, then checks the store invariants,
 * every party's view and the capacity accounting (support/race-runner.ts).
 *
 *   RACES_ROUNDS  rounds per configuration, over 6 lanes run side by side. Default (the CI size)
 *                 288: ≥ 1,000 conflicting operations per configuration
 *   RACES_SEED    replays a run's shuffles (printed with the counts)
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startTestApp } from '../support/app.js';
import { acceptedChat, intrude, operate, readyAgent, Recorder, supervisor } from '../support/chat-helpers.js';
import { redisBusSkip } from '../support/buses.js';
import { postgresDatabase, postgresSkip, sqliteDatabase } from '../support/databases.js';
import { startDeployment } from '../support/race-deployment.js';
import { buildLane } from '../support/race-lane.js';
import { runLane, seeded } from '../support/race-runner.js';

const LANES = 6;
const CI_ROUNDS = 288;
const ROUNDS = Number(process.env.RACES_ROUNDS ?? CI_ROUNDS);
const SEED = Number(process.env.RACES_SEED ?? Math.floor(Math.random() * 2 ** 31));
const MIN_OPERATIONS = 1000;

const CONFIGURATIONS = [
  { name: 'SQLite, one node', postgres: false, nodes: 1 },
  { name: 'PostgreSQL, one node', postgres: true, nodes: 1 },
  { name: 'PostgreSQL, two nodes on Redis', postgres: true, nodes: 2 },
] as const;

describe('R2 races: conflicting operations at the same moment', async () => {
  const postgres = await postgresSkip();
  const cluster = postgres.skip ? postgres : await redisBusSkip();
  for (const c of CONFIGURATIONS) {
    test(c.name, c.nodes > 1 ? cluster : c.postgres ? postgres : {}, async (tc) => {
      const d = await startDeployment(c.postgres ? postgresDatabase() : sqliteDatabase(), c.nodes);
      try {
        const started = Date.now();
        const lanes = await Promise.all(Array.from({ length: LANES }, (_, i) => buildLane(d, i)));
        await Promise.all(
          lanes.map((lane, i) =>
            runLane(lane, Math.floor((ROUNDS + LANES - 1 - i) / LANES), seeded(SEED + i)),
          ),
        );
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        tc.diagnostic(`${c.name}: ${ROUNDS} rounds in ${seconds} s (RACES_SEED=${SEED})`);
        for (const line of d.tally.summary()) tc.diagnostic(`${c.name}: ${line}`);
        if (ROUNDS >= CI_ROUNDS)
          assert.ok(d.tally.total('race') >= MIN_OPERATIONS, 'too few conflicting operations');
      } finally {
        await d.close();
      }
    });
  }

  // Found by the race "supervisor Accept vs customer Complete" whenever the customer is first:
  // accept() moves any copy on an Ended chat to JoinFailed, which had an agent's capabilities only,
  // and endChat() revoked supervisors Invited or Chatting only, so the copy stayed open for good.
  // Now the agent's Complete revokes it, and the supervisor may Complete it itself.
  for (const closer of ['the agent', 'the supervisor'] as const) {
    test(`a supervisor accepting its Intrude after the customer left: ${closer} ends its copy`, async () => {
      const t = await startTestApp();
      try {
        const ann = await readyAgent(t, 'ann.race');
        const sam = await supervisor(t, 'sam.race');
        const { chatId, token } = await acceptedChat(t, new Recorder(t), ann);
        const intruded = await intrude(t, sam, ann, chatId, { supervisorVisibilityMode: 'Monitor' });
        assert.equal(intruded.statusCode, 0);
        const left = await t.app.server.inject({
          method: 'POST',
          url: `/api/v2/chats/${token}`,
          headers: { contactcenterid: t.contactCenterId },
          payload: { operationName: 'Complete' },
        });
        assert.equal(left.json<{ statusCode: number }>().statusCode, 0);
        assert.equal((await operate(t, sam, chatId, { operationName: 'Accept' })).statusCode, 0);
        const copy = await t.app.server.inject({
          method: 'GET',
          url: `/api/v2/me/chats/${chatId}`,
          headers: sam.headers,
        });
        const { chat } = copy.json<{ chat: { state: string; capabilities: string[] } }>();
        assert.deepEqual([chat.state, chat.capabilities], ['JoinFailed', ['Complete']]);
        if (closer === 'the supervisor')
          assert.equal((await operate(t, sam, chatId, { operationName: 'Complete' })).statusCode, 0);
        assert.equal((await operate(t, ann, chatId, { operationName: 'Complete' })).statusCode, 0);
        const list = await t.app.server.inject({
          method: 'GET',
          url: '/api/v2/me/chats',
          headers: sam.headers,
        });
        assert.deepEqual(
          list.json<{ uris: string[] }>().uris,
          [],
          'the chat is over, yet the supervisor holds it',
        );
        const party = (await t.store.parties.listForChat(chatId)).find((p) => p.userId === sam.id);
        assert.equal(party?.state, closer === 'the agent' ? 'Revoked' : 'Completed');
      } finally {
        await t.close();
      }
    });
  }
});
