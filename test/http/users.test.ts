/**
 * User provisioning (GWS /api/v2/users) and the contact-center extension: successes and denials.
 * Runs on SQLite and PostgreSQL: a user name is unique per contact center by the store's constraint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hashPassword } from '../../src/auth/passwords.js';
import { DEFAULT_SETTINGS } from '../../src/accounts/records.js';
import type { TestApp } from '../support/app.js';
import { adminAuth, basic, createUser, failure, json, startTestApp } from '../support/app.js';
import { describeEachStore } from '../support/databases.js';

describeEachStore('users API', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let agentAuth: { authorization: string };
  let supervisorAuth: { authorization: string };
  let adminId: string;
  let foreignUserId: string;
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    await createUser(t, 'agent.a', ['ROLE_AGENT'], 'agent-password');
    await createUser(t, 'super.s', ['ROLE_SUPERVISOR', 'ROLE_AGENT'], 'super-password');
    agentAuth = { authorization: basic('agent.a', 'agent-password') };
    supervisorAuth = { authorization: basic('super.s', 'super-password') };
    adminId = (
      json(await t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: adminAuth })).user as {
        id: string;
      }
    ).id;
    // A second contact center with its own user, created straight in the store (after the home one).
    await t.store.contactCenters.create({
      id: 'other-cc',
      name: 'Other',
      features: [],
      settings: DEFAULT_SETTINGS,
      createdAt: Date.now() + 1000,
    });
    foreignUserId = 'f'.repeat(32);
    await t.store.users.create({
      id: foreignUserId,
      contactCenterId: 'other-cc',
      userName: 'foreign.admin',
      passwordHash: await hashPassword('foreign-password'),
      firstName: '',
      lastName: '',
      roles: ['ROLE_ADMIN'],
      enabled: true,
      createdAt: 1,
      updatedAt: 1,
    });
  });
  after(() => t?.close());
  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    headers: object,
    payload?: object,
  ) =>
    t.app.server.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });

  test('create answers id, path and absolute uri; the user reads back in GWS shape', skip, async () => {
    const body = json(
      await inject('POST', '/api/v2/users', adminAuth, {
        userName: 'new.agent',
        password: 'new-password',
        firstName: 'New',
        lastName: 'Agent',
        roles: ['ROLE_AGENT'],
      }),
    );
    assert.equal(body.statusCode, 0);
    const id = body.id as string;
    assert.match(id, /^[0-9a-f]{32}$/);
    assert.equal(body.path, `/users/${id}`);
    assert.equal(body.uri, `http://localhost:80/api/v2/users/${id}`);
    const user = json(await inject('GET', `/api/v2/users/${id}`, adminAuth));
    assert.deepEqual(user, {
      statusCode: 0,
      user: {
        id,
        userName: 'new.agent',
        firstName: 'New',
        lastName: 'Agent',
        roles: ['ROLE_AGENT'],
        enabled: true,
        uri: `http://localhost:80/api/v2/users/${id}`,
        path: `/users/${id}`,
      },
    });
  });

  test('list: uris by default, users with ?fields=*, only this contact center', skip, async () => {
    const uris = json(await inject('GET', '/api/v2/users', adminAuth)).uris as string[];
    assert.ok(uris.every((u) => /^http:\/\/localhost:80\/api\/v2\/users\/[0-9a-f]{32}$/.test(u)));
    const users = json(await inject('GET', '/api/v2/users?fields=*', adminAuth)).users as {
      userName: string;
    }[];
    assert.equal(users.length, uris.length);
    assert.ok(users.some((u) => u.userName === 'agent.a'));
    assert.ok(!users.some((u) => u.userName === 'foreign.admin'));
    assert.ok(!JSON.stringify(users).includes('scrypt'), 'no password hash on the wire');
  });

  test('a duplicate user name, in any case → 18/409', skip, async () => {
    const f = failure(
      await inject('POST', '/api/v2/users', adminAuth, {
        userName: 'AGENT.A',
        password: 'another-pw',
        roles: ['ROLE_AGENT'],
      }),
    );
    assert.deepEqual([f.http, f.statusCode], [409, 18]);
  });

  test('bad user names and short passwords → 10', skip, async () => {
    for (const payload of [
      { userName: 'has space', password: 'long-enough', roles: ['ROLE_AGENT'] },
      { userName: 'colon:name', password: 'long-enough', roles: ['ROLE_AGENT'] },
      { userName: 'shortpw', password: 'short', roles: ['ROLE_AGENT'] },
      { userName: 'noroles', password: 'long-enough', roles: [] },
    ]) {
      assert.equal(
        failure(await inject('POST', '/api/v2/users', adminAuth, payload)).statusCode,
        10,
        payload.userName,
      );
    }
  });

  test('update names, roles and password; userName is read-only (11); empty update is 10', skip, async () => {
    const id = await createUser(t, 'to.update', ['ROLE_AGENT']);
    assert.equal(
      json(
        await inject('PUT', `/api/v2/users/${id}`, adminAuth, {
          firstName: 'Up',
          roles: ['ROLE_SUPERVISOR'],
        }),
      ).statusCode,
      0,
    );
    const user = json(await inject('GET', `/api/v2/users/${id}`, adminAuth)).user as Record<string, unknown>;
    assert.deepEqual([user.firstName, user.roles], ['Up', ['ROLE_SUPERVISOR']]);
    assert.equal(
      failure(await inject('PUT', `/api/v2/users/${id}`, adminAuth, { userName: 'renamed' })).statusCode,
      11,
    );
    assert.equal(failure(await inject('PUT', `/api/v2/users/${id}`, adminAuth, {})).statusCode, 10);
  });

  test('delete removes the user; a second delete is 6', skip, async () => {
    const id = await createUser(t, 'to.delete', ['ROLE_AGENT']);
    assert.equal(json(await inject('DELETE', `/api/v2/users/${id}`, adminAuth)).statusCode, 0);
    assert.equal(failure(await inject('GET', `/api/v2/users/${id}`, adminAuth)).statusCode, 6);
    assert.equal(failure(await inject('DELETE', `/api/v2/users/${id}`, adminAuth)).statusCode, 6);
  });

  test('an administrator cannot disable, demote or delete itself (3/403)', skip, async () => {
    for (const [method, payload] of [
      ['PUT', { enabled: false }],
      ['PUT', { roles: ['ROLE_AGENT'] }],
      ['DELETE', undefined],
    ] as const) {
      const f = failure(await inject(method, `/api/v2/users/${adminId}`, adminAuth, payload));
      assert.deepEqual([f.http, f.statusCode], [403, 3]);
    }
  });

  test('an agent may not provision or list users (5/403)', skip, async () => {
    for (const [method, url, payload] of [
      ['POST', '/api/v2/users', { userName: 'by.agent', password: 'agent-made', roles: ['ROLE_ADMIN'] }],
      ['GET', '/api/v2/users', undefined],
      ['DELETE', `/api/v2/users/${adminId}`, undefined],
    ] as const) {
      const f = failure(await inject(method, url, agentAuth, payload));
      assert.deepEqual([f.http, f.statusCode], [403, 5], `${method} ${url}`);
    }
    assert.equal(await t.store.users.getByUserName('by.agent'), undefined);
  });

  test('a supervisor may read users but not change them', skip, async () => {
    assert.equal(json(await inject('GET', '/api/v2/users', supervisorAuth)).statusCode, 0);
    assert.equal(json(await inject('GET', `/api/v2/users/${adminId}`, supervisorAuth)).statusCode, 0);
    assert.equal(
      failure(await inject('PUT', `/api/v2/users/${adminId}`, supervisorAuth, { firstName: 'x' })).statusCode,
      5,
    );
  });

  test(
    'a user of another contact center does not exist for this admin (6), and vice versa',
    skip,
    async () => {
      for (const method of ['GET', 'PUT', 'DELETE'] as const) {
        const f = failure(
          await inject(
            method,
            `/api/v2/users/${foreignUserId}`,
            adminAuth,
            method === 'PUT' ? { firstName: 'x' } : undefined,
          ),
        );
        assert.deepEqual([f.http, f.statusCode], [404, 6], method);
      }
      const foreignAuth = { authorization: basic('foreign.admin@Other', 'foreign-password') };
      assert.equal(failure(await inject('GET', `/api/v2/users/${adminId}`, foreignAuth)).statusCode, 6);
      const theirs = json(await inject('GET', '/api/v2/users?fields=*', foreignAuth)).users as {
        userName: string;
      }[];
      assert.deepEqual(
        theirs.map((u) => u.userName),
        ['foreign.admin'],
      );
    },
  );

  test(
    'user names are per contact center: another tenant may have its own, and learns nothing',
    skip,
    async () => {
      const foreignAuth = { authorization: basic('foreign.admin@other-cc', 'foreign-password') };
      // `agent.a` exists at home; the other contact center creates its own without a hint of it.
      const created = await inject('POST', '/api/v2/users', foreignAuth, {
        userName: 'AGENT.A',
        password: 'their-agent-pw',
        roles: ['ROLE_AGENT'],
      });
      const body = json(created);
      assert.deepEqual(Object.keys(body).sort(), ['id', 'path', 'statusCode', 'uri']);
      assert.equal(body.statusCode, 0);
      // Each login name reaches its own user.
      const home = json(await inject('GET', '/api/v2/me', agentAuth)).user as { id: string };
      const theirs = json(
        await inject('GET', '/api/v2/me', { authorization: basic('agent.a@Other', 'their-agent-pw') }),
      ).user as { id: string };
      assert.equal(theirs.id, body.id);
      assert.notEqual(home.id, theirs.id);
      // A bare name is the home contact center's: the other tenant's password does not open it.
      assert.equal(
        failure(await inject('GET', '/api/v2/me', { authorization: basic('agent.a', 'their-agent-pw') }))
          .statusCode,
        20,
      );
      // Within one contact center a name is still unique.
      const again = failure(
        await inject('POST', '/api/v2/users', foreignAuth, {
          userName: 'agent.A',
          password: 'their-agent-pw',
          roles: ['ROLE_AGENT'],
        }),
      );
      assert.deepEqual([again.http, again.statusCode], [409, 18]);
    },
  );

  test('contact-center extension: read, disable and enable features, update settings', skip, async () => {
    const read = async () =>
      json(await inject('GET', '/parley/v1/contact-center', adminAuth)).contactCenter as Record<
        string,
        unknown
      >;
    const cc = await read();
    assert.equal(cc.id, t.contactCenterId);
    assert.deepEqual(cc.features, ['api-multimedia', 'api-voice', 'api-supervisor-monitoring']);
    assert.deepEqual(cc.settings, { ...DEFAULT_SETTINGS });
    assert.deepEqual([DEFAULT_SETTINGS.chatCapacity, DEFAULT_SETTINGS.inviteTimeoutSeconds], [3, 30]);
    await inject('POST', '/parley/v1/contact-center', adminAuth, {
      operationName: 'DisableFeatures',
      features: ['api-voice'],
    });
    assert.deepEqual((await read()).features, ['api-multimedia', 'api-supervisor-monitoring']);
    await inject('POST', '/parley/v1/contact-center', adminAuth, {
      operationName: 'EnableFeatures',
      features: ['api-voice'],
    });
    assert.deepEqual((await read()).features, ['api-multimedia', 'api-voice', 'api-supervisor-monitoring']);
    await inject('POST', '/parley/v1/contact-center', adminAuth, {
      operationName: 'UpdateSettings',
      settings: { chatCapacity: 5 },
    });
    assert.equal(
      (await read()).settings && ((await read()).settings as { chatCapacity: number }).chatCapacity,
      5,
    );
    const bad = failure(
      await inject('POST', '/parley/v1/contact-center', adminAuth, {
        operationName: 'EnableFeatures',
        features: ['api-teleport'],
      }),
    );
    assert.equal(bad.statusCode, 10);
    const unknownSetting = failure(
      await inject('POST', '/parley/v1/contact-center', adminAuth, {
        operationName: 'UpdateSettings',
        settings: { warpSpeed: 9 },
      }),
    );
    assert.equal(unknownSetting.statusCode, 10);
    assert.equal(failure(await inject('GET', '/parley/v1/contact-center', supervisorAuth)).statusCode, 5);
  });
});
