/**
 * Who sends the fuzz suite's requests and what they may name, built on the two-tenant world
 * (world.ts): principals by name (Basic and cookie, both tenants, customers, bad credentials,
 * sessions minted per request for routes that end them), live ids for path parameters, live
 * values for body fields, and throw-away users for the routes that change or delete users.
 *
 * Bad credentials come from their own client address, so the failed-login throttle they trip
 * (auth/login-throttle.ts) never locks out the suite's real principals; the suite trips it before
 * the run (lockOutBadLogins) and freezes the app's clock, so the lock holds throughout.
 */
import fc from 'fast-check';
import { basic } from './app.js';
import type { FuzzPools } from './fuzz-requests.js';
import { createStoredUser, mintSession } from './tenants.js';
import type { TenantChat, World } from './world.js';

export interface Sender {
  readonly headers: Readonly<Record<string, string>>;
  readonly remoteAddress?: string;
}

export interface FuzzCast {
  /** Trips the failed-login throttle for the bad credentials, so that the run pays no scrypt for them. */
  lockOutBadLogins(): Promise<void>;
  readonly pools: FuzzPools;
  /** REST and Bayeux principals with credentials, for the Bayeux generator. */
  readonly bayeuxPrincipals: readonly string[];
  resolve(name: string): Promise<Sender>;
}

const BAD_SOURCE = '203.0.113.66';
const BAD: Readonly<Record<string, Sender>> = {
  'bad:unknown-user': {
    headers: { authorization: basic('fuzz.nobody', 'wrong-password') },
    remoteAddress: BAD_SOURCE,
  },
  'bad:malformed': { headers: { authorization: 'Basic !!!' }, remoteAddress: BAD_SOURCE },
  'bad:no-colon': { headers: { authorization: `Basic ${Buffer.from('nocolon').toString('base64')}` } },
  'bad:bearer': { headers: { authorization: 'Bearer abc.def.ghi' }, remoteAddress: BAD_SOURCE },
  'bad:cookie': { headers: { cookie: 'JSESSIONID=forged; other=1' }, remoteAddress: BAD_SOURCE },
};

export async function buildFuzzCast(w: World, targets: readonly TenantChat[]): Promise<FuzzCast> {
  const { A1, A2, S1, S2 } = w.a.users;
  const victimsOf = (cc: string, prefix: string) =>
    Promise.all(
      [1, 2, 3, 4].map((i) => createStoredUser(w.t.store, cc, `${prefix}.victim.${i}`, ['ROLE_AGENT'])),
    );
  const victims = [...(await victimsOf(w.a.id, 'fuzz.a')), ...(await victimsOf(w.b.id, 'fuzz.b'))];
  const throwaway = await createStoredUser(w.t.store, w.a.id, 'fuzz.throwaway', [
    'ROLE_AGENT',
    'ROLE_SUPERVISOR',
  ]);
  const named: Record<string, Sender> = {
    ...Object.fromEntries(Object.entries(w.principals).map(([name, p]) => [name, { headers: p.headers }])),
    agentCookie: { headers: w.cookies.agent.headers },
    supervisorCookie: { headers: w.cookies.supervisor.headers },
    adminCookie: { headers: w.cookies.admin.headers },
    ...BAD,
  };
  const uri = (id: string) => `http://127.0.0.1/api/v2/users/${id}`;
  const users = fc.constantFrom(
    uri(A2.id),
    uri(S2.id),
    uri(w.b.users.agent.id),
    'http://127.0.0.1/api/v2/queues/default',
    'http://127.0.0.1/api/v2/users/',
    '/api/v2/users/x/../../me',
  );
  const everyone = Object.keys(named);
  const pools: FuzzPools = {
    params: {
      chatId: [...targets.map((c) => c.chatId), w.b.chat.chatId, targets[0]?.token ?? ''],
      id: [...targets.map((c) => c.token), w.b.chat.token, targets[0]?.chatId ?? ''],
      agentId: [A1.id, A2.id, S1.id, w.b.users.agent.id],
      // Throw-away users only: a case sent with another method (DELETE, PUT) may change or delete
      // the user it names, and the suite's principals must stay as they are.
      userId: victims.map((v) => v.id),
      channel: ['chat', 'voice', 'Chat', 'email'],
    },
    victims: victims.map((v) => v.id),
    hints: {
      targetUri: users,
      userUri: users,
      queueName: fc.constantFrom('default', 'vip'),
      endpoint: fc.constantFrom('default', 'vip'),
      keys: fc.constant(['Subject']),
      // A valid password is hashed (scrypt, ~0.6 s at the current cost): one body in thirty.
      password: fc.oneof(
        { weight: 29, arbitrary: fc.constantFrom('short', '', 'x'.repeat(300)) },
        { weight: 1, arbitrary: fc.constant('fuzz-password') },
      ),
    },
    contactCenterIds: [w.a.id, w.b.id],
    principals: {
      all: everyone,
      'not-admin-of-A': everyone.filter((name) => name !== 'admin' && name !== 'adminCookie'),
      minted: ['anonymous', 'minted', ...Object.keys(BAD)],
      'not-shared-cookies': everyone
        .filter((name) => !['agentCookie', 'supervisorCookie', 'adminCookie'].includes(name))
        .concat('minted'),
    },
  };
  return {
    async lockOutBadLogins() {
      // Different wrong passwords, so the checks run side by side (the same header is checked once).
      const attempt = (i: number) =>
        w.t.app.server.inject({
          method: 'GET',
          url: '/api/v2/me',
          headers: { authorization: basic('fuzz.nobody', `wrong-${i}`) },
          remoteAddress: BAD_SOURCE,
        });
      await Promise.all([1, 2, 3, 4, 5, 6].map(attempt));
      const locked = await w.t.app.server.inject({
        method: 'GET',
        url: '/api/v2/me',
        headers: { ...(BAD['bad:unknown-user']?.headers ?? {}) },
        remoteAddress: BAD_SOURCE,
      });
      if (locked.statusCode !== 429) throw new Error(`bad logins are not locked out: ${locked.body}`);
    },
    pools,
    bayeuxPrincipals: [
      'anonymous',
      'agent',
      'agentCookie',
      'supervisor',
      'supervisorCookie',
      'admin',
      'otherAgent',
      // Not bad:unknown-user: each of its handshakes would cost a scrypt check (the decoy hash)
      // until its address is locked out, slowing the Bayeux phase for no new route.
    ].concat(Object.keys(BAD).filter((name) => name !== 'bad:unknown-user')),
    async resolve(name) {
      if (name === 'minted') return { headers: { cookie: await mintSession(w.t.store, throwaway.id) } };
      const sender = named[name];
      if (!sender) throw new Error(`no principal ${name}`);
      return sender;
    },
  };
}
