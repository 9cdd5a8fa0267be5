/**
 * The team directory, `GET /parley/v1/agents`, on both stores: an agent or a supervisor sees its
 * own contact center's enabled agents with their chat state and the `uri` Transfer takes; an
 * administrator who is neither, a customer and another contact center's agents do not.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, createUser, failure, json, startTestApp } from '../support/app.js';
import { readyAgent, supervisor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';
import { createContactCenter, createStoredUser } from '../support/tenants.js';

describeEachStore('team directory', ({ skip, makeDatabase }) => {
  let t: TestApp;
  beforeEach(async () => {
    if (!skip.skip) t = await startTestApp({ database: makeDatabase() });
  });
  afterEach(async () => {
    if (!skip.skip) await t.close();
  });
  const list = (headers: Record<string, string>) =>
    t.app.server.inject({
      method: 'GET',
      url: '/parley/v1/agents',
      headers: { host: 'parley.test', ...headers },
    });

  test(
    'agents and supervisors see the enabled agents of their contact center, with state and uri',
    skip,
    async () => {
      const ann = await readyAgent(t, 'ann');
      const bobId = await createUser(t, 'bob', ['ROLE_AGENT']);
      const gone = await createUser(t, 'gone', ['ROLE_AGENT']);
      await t.app.server.inject({
        method: 'PUT',
        url: `/api/v2/users/${gone}`,
        headers: adminAuth,
        payload: { enabled: false },
      });
      await createUser(t, 'sue', ['ROLE_SUPERVISOR']);
      const elsewhere = await createContactCenter(t.store, 'other');
      await createStoredUser(t.store, elsewhere, 'zed', ['ROLE_AGENT']);
      const sam = await supervisor(t, 'sam');
      const expected = [
        { id: ann.id, userName: 'ann', state: 'Ready' },
        { id: bobId, userName: 'bob', state: 'LoggedOut' },
      ].map((a) => ({
        id: a.id,
        userName: a.userName,
        firstName: a.userName,
        lastName: 'Test',
        uri: `http://parley.test/api/v2/users/${a.id}`,
        path: `/users/${a.id}`,
        state: a.state,
      }));
      for (const who of [ann, sam]) {
        const body = json(await list(who.headers));
        assert.equal(body.statusCode, 0);
        const agents = (body.agents as { userName: string }[]).sort((a, b) =>
          a.userName.localeCompare(b.userName),
        );
        assert.deepEqual(agents, expected);
      }
    },
  );

  test('an administrator only, and anyone unauthenticated, are refused', skip, async () => {
    assert.deepEqual(failure(await list(adminAuth)), {
      http: 403,
      statusCode: 5,
      statusMessage: 'This operation needs one of the roles ROLE_AGENT, ROLE_SUPERVISOR',
    });
    assert.equal(failure(await list({})).statusCode, 20);
    // A customer's ContactCenterId is not a credential.
    const customer = await list({ contactcenterid: t.contactCenterId });
    assert.equal(failure(customer).statusCode, 20);
  });
});
