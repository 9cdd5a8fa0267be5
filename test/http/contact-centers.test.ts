/**
 * Contact centers by API (POST /parley/v1/contact-centers) and the login names of their users
 * (`user@contactCenter`, src/auth/login-name.ts). Runs on SQLite and PostgreSQL: the names'
 * uniqueness (per contact center for users) is the store's constraint.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestApp } from '../support/app.js';
import { adminAuth, basic, createUser, failure, json, startTestApp } from '../support/app.js';
import { describeEachStore } from '../support/databases.js';

describeEachStore('contact centers by API', ({ skip, makeDatabase }) => {
  let t: TestApp;
  let acme: { id: string; name: string };
  let annAuth: { authorization: string };
  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    await createUser(t, 'sam', ['ROLE_AGENT'], 'home-sam-pw');
  });
  after(() => t?.close());
  const post = (url: string, headers: object, payload: object) =>
    t.app.server.inject({ method: 'POST', url, headers: headers as Record<string, string>, payload });
  const me = (authorization: string) =>
    t.app.server.inject({ method: 'GET', url: '/api/v2/me', headers: { authorization } });

  test('the home administrator creates one with its first administrator', skip, async () => {
    const response = await post('/parley/v1/contact-centers', adminAuth, {
      name: 'Acme',
      features: ['api-multimedia'],
      administrator: { userName: 'ann', password: 'acme-ann-pw', firstName: 'Ann' },
    });
    const body = json(response);
    assert.equal(body.statusCode, 0, response.body);
    const contactCenter = body.contactCenter as { id: string; name: string; features: string[] };
    const administrator = body.administrator as { id: string; userName: string; loginName: string };
    assert.match(contactCenter.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual([contactCenter.name, contactCenter.features], ['Acme', ['api-multimedia']]);
    assert.deepEqual([administrator.userName, administrator.loginName], ['ann', 'ann@Acme']);
    acme = contactCenter;
    annAuth = { authorization: basic('ann@acme', 'acme-ann-pw') };
    const user = json(await me(annAuth.authorization)).user as Record<string, unknown>;
    assert.deepEqual([user.id, user.userName, user.roles], [administrator.id, 'ann', ['ROLE_ADMIN']]);
    assert.equal(user.contactCenterId, acme.id);
    assert.equal((await me(basic(`ann@${acme.id}`, 'acme-ann-pw'))).statusCode, 200, 'by id too');
    assert.equal(
      failure(await me(basic('ann', 'acme-ann-pw'))).statusCode,
      20,
      'a bare name is the home one',
    );
    assert.equal(failure(await me(basic('ann@nowhere', 'acme-ann-pw'))).statusCode, 20);
  });

  test(
    'the same user name in two tenants: two accounts, each reached by its own login name',
    skip,
    async () => {
      const created = json(
        await post('/api/v2/users', annAuth, {
          userName: 'SAM',
          password: 'acme-sam-pw',
          roles: ['ROLE_AGENT'],
        }),
      );
      assert.equal(created.statusCode, 0, 'no "already exists" for a name another tenant has');
      const home = json(await me(basic('sam', 'home-sam-pw'))).user as { id: string };
      const theirs = json(await me(basic('sam@Acme', 'acme-sam-pw'))).user as { id: string };
      assert.equal(theirs.id, created.id);
      assert.notEqual(home.id, theirs.id);
      assert.equal(failure(await me(basic('sam@Acme', 'home-sam-pw'))).statusCode, 20);
      const mine = json(
        await t.app.server.inject({ method: 'GET', url: '/api/v2/users?fields=*', headers: annAuth }),
      ).users as { userName: string }[];
      assert.deepEqual(mine.map((u) => u.userName).sort(), ['SAM', 'ann']);
    },
  );

  test("another tenant's administrator may not create contact centers (5)", skip, async () => {
    const f = failure(
      await post('/parley/v1/contact-centers', annAuth, {
        name: 'Rogue',
        administrator: { userName: 'x', password: 'rogue-password' },
      }),
    );
    assert.deepEqual([f.http, f.statusCode], [403, 5]);
    assert.deepEqual(await t.store.contactCenters.listByName('Rogue'), []);
  });

  test('an agent may not (5); names are unique in any case (18) and login-safe (10)', skip, async () => {
    const payload = (name: string) => ({
      name,
      administrator: { userName: 'boss', password: 'boss-password' },
    });
    const agent = { authorization: basic('sam', 'home-sam-pw') };
    assert.equal(failure(await post('/parley/v1/contact-centers', agent, payload('Other'))).statusCode, 5);
    const duplicate = failure(await post('/parley/v1/contact-centers', adminAuth, payload('ACME')));
    assert.deepEqual([duplicate.http, duplicate.statusCode], [409, 18]);
    for (const name of ['a.b', 'a@b', 'with space', '', '-lead']) {
      assert.equal(
        failure(await post('/parley/v1/contact-centers', adminAuth, payload(name))).statusCode,
        10,
        name,
      );
    }
    const weak = failure(
      await post('/parley/v1/contact-centers', adminAuth, {
        name: 'Weak',
        administrator: { userName: 'boss', password: 'short' },
      }),
    );
    assert.equal(weak.statusCode, 10);
    assert.deepEqual(await t.store.contactCenters.listByName('Weak'), [], 'nothing was created');
  });
});
