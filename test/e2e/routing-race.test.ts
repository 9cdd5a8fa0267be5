/**
 * Routing under contention: two server processes on one PostgreSQL database, many agents and
 * chats arriving on both nodes at once, both routers racing. Afterwards the database must show
 * no chat offered to two agents and no agent over capacity.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import { postgresDatabase, postgresSkip } from '../support/databases.js';
import { clusterEnv } from '../support/e2e-stack.js';
import { firstSkip } from '../support/skips.js';
import { redisBusSkip } from '../support/buses.js';
import { basicHeader, startServer } from '../support/server-process.js';

const AGENTS = 12;
const CHATS = 40;
const CAPACITY = 2;

async function post(url: string, body: object, headers: Record<string, string>) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>;
}

describe('routing race: two nodes, one PostgreSQL', async () => {
  const skip = await firstSkip(postgresSkip, redisBusSkip);

  test('no chat assigned twice, no agent over capacity', { ...skip, timeout: 120_000 }, async () => {
    const database = postgresDatabase();
    await (await database.open()).close();
    const env = clusterEnv(database);
    const [a, b] = await Promise.all([startServer(env), startServer(env)]);
    const nodes = [a.url, b.url];
    const db = new pg.Client({ connectionString: database.databaseUrl });
    try {
      await db.connect();
      const admin = { authorization: basicHeader('admin', 'admin-password') };
      const cc = await fetch(`${a.url}/parley/v1/contact-center`, { headers: admin }).then(
        (r) => r.json() as Promise<{ contactCenter: { id: string } }>,
      );
      assert.equal(
        (
          await post(
            `${a.url}/parley/v1/contact-center`,
            { operationName: 'UpdateSettings', settings: { chatCapacity: CAPACITY } },
            admin,
          )
        ).statusCode,
        0,
      );

      const agents = await Promise.all(
        Array.from({ length: AGENTS }, async (_, i) => {
          const userName = `racer${i}`;
          const created = await post(
            `${nodes[i % 2]}/api/v2/users`,
            { userName, password: 'racer-password', roles: ['ROLE_AGENT'] },
            admin,
          );
          assert.equal(created.statusCode, 0);
          return { authorization: basicHeader(userName, 'racer-password') };
        }),
      );
      // Agents become Ready on alternating nodes while customers arrive on both nodes.
      await Promise.all([
        ...agents.map(async (agent, i) => {
          const node = nodes[(i + 1) % 2];
          assert.equal(
            (
              await post(
                `${node}/api/v2/me`,
                { operationName: 'StartContactCenterSession', channels: ['chat'] },
                agent,
              )
            ).statusCode,
            0,
          );
          assert.equal(
            (await post(`${node}/api/v2/me/channels/chat`, { operationName: 'Ready' }, agent)).statusCode,
            0,
          );
        }),
        ...Array.from({ length: CHATS }, async (_, i) => {
          const body = await post(
            `${nodes[i % 2]}/api/v2/chats`,
            { operationName: 'RequestChat', nickname: `c${i}` },
            { contactcenterid: cc.contactCenter.id },
          );
          assert.equal(body.statusCode, 0);
        }),
      ]);

      const offered = async () =>
        Number(
          (
            await db.query(
              `SELECT COUNT(*) AS n FROM chat_parties WHERE role = 'agent' AND state = 'Invited'`,
            )
          ).rows[0].n,
        );
      const deadline = Date.now() + 30_000;
      while ((await offered()) < AGENTS * CAPACITY && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 1500)); // both nodes' sweeps run at least once more

      assert.equal(await offered(), AGENTS * CAPACITY, 'every slot is used');
      const perChat = await db.query(
        `SELECT chat_id, COUNT(*) AS n FROM chat_parties WHERE role = 'agent' AND state = 'Invited' GROUP BY chat_id HAVING COUNT(*) > 1`,
      );
      assert.deepEqual(perChat.rows, [], 'no chat offered to two agents');
      const perAgent = await db.query(
        `SELECT user_id, COUNT(*) AS n FROM chat_parties WHERE role = 'agent' AND state = 'Invited' GROUP BY user_id HAVING COUNT(*) > $1`,
        [CAPACITY],
      );
      assert.deepEqual(perAgent.rows, [], 'no agent over capacity');
      const load = await db.query(
        `SELECT l.user_id, l.active, (SELECT COUNT(*) FROM chat_parties p WHERE p.user_id = l.user_id AND p.state = 'Invited') AS held FROM agent_load l`,
      );
      for (const row of load.rows)
        assert.equal(Number(row.active), Number(row.held), `load of ${row.user_id} matches its offers`);
      const phases = await db.query(`SELECT phase, COUNT(*) AS n FROM chats GROUP BY phase ORDER BY phase`);
      assert.deepEqual(
        phases.rows.map((r) => [r.phase, Number(r.n)]),
        [
          ['Offered', AGENTS * CAPACITY],
          ['Queued', CHATS - AGENTS * CAPACITY],
        ],
      );
    } finally {
      await db.end();
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    }
  });
});
