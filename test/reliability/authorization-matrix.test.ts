/**
 * R4, the authorization matrix: every route of the app's own route table (route-table.ts) ×
 * every principal (world.ts: anonymous, customers of A and B, A's member and non-member agents and
 * supervisors, A's administrator, B's agent, supervisor and administrator), each cell asserted
 * against the declared policy (authorization-policy.ts): GWS statusCode, HTTP status, the exact
 * failure shape (spec §1.3), and no identifier of tenant A in an answer to anyone outside A unless
 * the request carried it. A route without a row fails the suite, so a new route cannot escape.
 *
 * Each route gets a fresh chat of A, so what one route's cells change (presence, monitoring, an
 * Intrude) never decides another route's cells. Runs on SQLite and, when reachable, PostgreSQL.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../support/app.js';
import type { Cell, CellRequest, Expect, RoutePolicy } from '../support/authorization-policy.js';
import { POLICY } from '../support/authorization-policy.js';
import { PROBES } from '../support/authorization-probes.js';
import { describeEachStore } from '../support/databases.js';
import type { RouteEntry } from '../support/route-table.js';
import { startRecordedApp } from '../support/route-table.js';
import type { PrincipalName, World } from '../support/world.js';
import { buildWorld, PRINCIPALS } from '../support/world.js';

/** The catalog's HTTP status of each GWS statusCode (src/errors.ts, spec §1.3). */
const HTTP_OF: Readonly<Record<number, number>> = {
  0: 200,
  1: 400,
  2: 400,
  3: 403,
  5: 403,
  6: 404,
  7: 200,
  10: 400,
  11: 400,
  18: 409,
  19: 409,
  20: 401,
};

function describeExpect(expect: Expect): string {
  if (typeof expect === 'number') return `statusCode ${expect} / HTTP ${HTTP_OF[expect] ?? '?'}`;
  if (typeof expect === 'object') return `statusCode ${expect.statusCode} / HTTP ${expect.http}`;
  return expect;
}

/** Why an answer is not the expected one, or undefined when it is. */
function gwsMismatch(response: LightMyRequestResponse, expect: Expect, head: boolean): string | undefined {
  const statusCode =
    typeof expect === 'number' ? expect : typeof expect === 'object' ? expect.statusCode : -1;
  const http =
    typeof expect === 'object' ? expect.http : typeof expect === 'number' ? (HTTP_OF[expect] ?? -1) : -1;
  if (expect === 'redirect')
    return response.statusCode >= 300 && response.statusCode < 400
      ? undefined
      : `HTTP ${response.statusCode}`;
  if (expect === 'document' || expect === 'no-content' || expect === 'page') {
    const wanted = expect === 'no-content' ? 204 : 200;
    if (response.statusCode !== wanted) return `HTTP ${response.statusCode}`;
    if (head || expect === 'no-content') return response.body === '' ? undefined : 'a body';
    if (expect === 'page') return response.body === '' ? 'an empty page' : undefined;
    return 'openapi' in response.json<object>() ? undefined : 'not an OpenAPI document';
  }
  if (response.statusCode !== http) return `HTTP ${response.statusCode}`;
  if (head) return response.body === '' ? undefined : 'a HEAD answer with a body';
  let body: Record<string, unknown>;
  try {
    body = response.json<Record<string, unknown>>();
  } catch {
    return 'not JSON';
  }
  if (body.statusCode !== statusCode) return `statusCode ${String(body.statusCode)}`;
  if (statusCode !== 0 && Object.keys(body).sort().join(',') !== 'statusCode,statusMessage')
    return 'not exactly {statusCode, statusMessage}';
  return undefined;
}

interface Fixture {
  readonly t: TestApp;
  readonly routes: readonly RouteEntry[];
  readonly w: World;
}

let serial = 0;

async function send(w: World, principal: PrincipalName, request: CellRequest, method = request.method) {
  return w.t.app.server.inject({
    method: method as 'GET',
    url: request.url,
    headers: { ...w.principals[principal].headers, ...request.headers },
    ...(request.payload === undefined ? {} : { payload: request.payload as object }),
  });
}

/** The other tenants' identifiers (world.ts secretsOf), and the row's own forbidden strings. */
function leaks(cell: Cell, policy: RoutePolicy | undefined, request: CellRequest, body: string): string[] {
  const tenant = cell.w.principals[cell.principal].tenant;
  const others = (['A', 'B'] as const).filter((t) => t !== tenant);
  const named = JSON.stringify([request.url, request.payload ?? null]);
  const secrets = [...others.flatMap((t) => cell.w.secretsOf(t)), ...(policy?.mustNotContain?.(cell) ?? [])];
  return secrets.filter((s) => body.includes(s) && !named.includes(s));
}

/** Bayeux cells: the handshake, then a /meta/subscribe with the agent's own clientId. */
async function bayeuxMismatch(cell: Cell, request: CellRequest, expect: Expect, ownerClientId: string) {
  const first = await send(cell.w, cell.principal, request);
  const replies = first.json<{ successful?: boolean; error?: string }[]>();
  const refused = expect === 'bayeux-refused';
  if (first.statusCode !== 200 || !Array.isArray(replies)) return `handshake HTTP ${first.statusCode}`;
  if (replies[0]?.successful !== !refused) return `handshake ${first.body}`;
  const hijack = await send(cell.w, cell.principal, {
    ...request,
    payload: [{ channel: '/meta/subscribe', clientId: ownerClientId, subscription: '/v2/me/chats' }],
  });
  const reply = hijack.json<{ successful?: boolean; error?: string }[]>()[0];
  // Without credentials the clientId is the bearer secret (protocol.ts); with someone else's, refused.
  const mayUse = expect === 'bayeux-owner' || refused;
  if (reply?.successful !== mayUse) return `another session's clientId: ${hijack.body}`;
  if (!mayUse && !String(reply.error).includes('session_user_mismatch')) return `error ${reply.error}`;
  return undefined;
}

async function handshakeOf(w: World, authorization: string): Promise<string> {
  const response = await w.t.app.server.inject({
    method: 'POST',
    url: '/api/v2/notifications',
    headers: { authorization, 'content-type': 'application/json' },
    payload: [{ channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] }],
  });
  const clientId = response.json<{ clientId?: string }[]>()[0]?.clientId;
  assert.ok(clientId, response.body);
  return clientId;
}

/** One cell: the request sent as the principal, its answer checked; the failures, described. */
async function checkCell(
  cell: Cell,
  request: CellRequest,
  expect: Expect,
  options: { method: string; policy?: RoutePolicy; owner: string },
): Promise<string[]> {
  const where = `${cell.principal}: ${options.method} ${request.url} ${JSON.stringify(request.payload ?? '')}`;
  if (typeof expect === 'string' && expect.startsWith('bayeux')) {
    const why = await bayeuxMismatch(cell, request, expect, options.owner);
    return why ? [`${where}\n    expected ${expect}, got ${why}`] : [];
  }
  const response = await send(cell.w, cell.principal, request, options.method);
  const failures: string[] = [];
  const why = gwsMismatch(response, expect, options.method === 'HEAD');
  const body = response.body.slice(0, 300);
  if (why) failures.push(`${where}\n    expected ${describeExpect(expect)}, got ${why}: ${body}`);
  const leaked = leaks(cell, options.policy, request, response.body);
  if (leaked.length > 0) failures.push(`${where}\n    leaks ${leaked.join(', ')}: ${body}`);
  return failures;
}

/** Every cell of one route, on a fresh chat of A; returns the failing ones. */
async function routeCells(f: Fixture, route: RouteEntry, policy: RoutePolicy): Promise<string[]> {
  await f.w.reset();
  const chat = await f.w.freshChat();
  const owner = await handshakeOf(f.w, f.w.a.users.A1.authorization);
  const failures: string[] = [];
  for (const principal of PRINCIPALS) {
    const cell: Cell = { w: f.w, chat, principal, serial: ++serial };
    const request = await policy.request(cell);
    const options = { method: route.method, policy, owner };
    failures.push(...(await checkCell(cell, request, policy.expect[principal], options)));
  }
  return failures;
}

/** The row for a route: its own, or for an automatic HEAD route the GET row. */
function rowOf(route: RouteEntry): RoutePolicy | undefined {
  return POLICY[route.key] ?? (route.method === 'HEAD' ? POLICY[`GET ${route.url}`] : undefined);
}

describeEachStore('R4 authorization matrix', ({ skip, makeDatabase }) => {
  let f: Fixture | undefined;
  let closing: TestApp | undefined;
  before(async () => {
    if (skip.skip) return;
    const { t, routes } = await startRecordedApp({
      database: makeDatabase(),
      // A listed origin makes the app register its CORS preflight route, so the matrix covers it.
      env: {
        PARLEY_CORS_ORIGINS: 'https://shop.example',
        // The RequestChat limits (customer/limits.ts) are not authorization: each route's fresh
        // chat and the RequestChat cells would exhaust them.
        PARLEY_REQUEST_CHAT_PER_SOURCE: 'off',
        PARLEY_REQUEST_CHAT_PER_CONTACT_CENTER: 'off',
      },
    });
    closing = t;
    f = { t, routes, w: await buildWorld(t) };
  });
  after(async () => {
    await closing?.close();
  });

  test('the policy names every route of the route table, and nothing else', skip, () => {
    const routes = f?.routes ?? [];
    assert.ok(routes.length > 20, `only ${routes.length} routes recorded`);
    const keys = new Set(routes.map((r) => r.key));
    const unlisted = routes.filter((r) => !rowOf(r)).map((r) => r.key);
    const stale = Object.keys(POLICY).filter((key) => !keys.has(key));
    assert.deepEqual(
      unlisted,
      [],
      `routes without a row in test/support/authorization-policy.ts: ${unlisted.join(', ')}`,
    );
    assert.deepEqual(stale, [], `rows for routes the app no longer has: ${stale.join(', ')}`);
  });

  test("identifier probes: one party's or tenant's id where another's belongs", skip, async () => {
    const fixture = f;
    assert.ok(fixture);
    await fixture.w.reset();
    const chat = await fixture.w.freshChat();
    const owner = await handshakeOf(fixture.w, fixture.w.a.users.A1.authorization);
    const failures: string[] = [];
    for (const probe of PROBES) {
      const cell: Cell = { w: fixture.w, chat, principal: probe.who, serial: ++serial };
      const request = probe.request(fixture.w, chat);
      const found = await checkCell(cell, request, probe.expect, { method: request.method, owner });
      failures.push(...found.map((failure) => `${probe.name}\n  ${failure}`));
    }
    assert.deepEqual(failures, [], `${failures.length} failing probe(s):\n  ${failures.join('\n  ')}`);
  });

  test('every cell: route × principal gets its declared answer', skip, async (tc) => {
    const fixture = f;
    assert.ok(fixture);
    let cells = 0;
    const ordered = [...fixture.routes].sort(
      (a, b) => Number(rowOf(a)?.last ?? false) - Number(rowOf(b)?.last ?? false),
    );
    for (const route of ordered) {
      const policy = rowOf(route);
      if (!policy) continue; // reported by the test above
      await tc.test(route.key, async () => {
        const failures = await routeCells(fixture, route, policy);
        cells += PRINCIPALS.length;
        assert.deepEqual(failures, [], `${failures.length} failing cell(s):\n  ${failures.join('\n  ')}`);
      });
    }
    tc.diagnostic(`${cells} cells over ${fixture.routes.length} routes × ${PRINCIPALS.length} principals`);
  });
});
