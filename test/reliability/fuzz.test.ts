/**
 * R3, the fuzz suite: generated REST requests on every route of the app's own route table
 * (route-table.ts; one row each in fuzz-targets.ts) and generated Bayeux batches on the
 * notifications, sent in process (`inject`) as anonymous, customers, agents, supervisors and
 * administrators of two contact centers (Basic and cookie) and with bad credentials. Every answer
 * must come, and be in the GWS or the Bayeux shape (answer-shapes.ts: never a 5xx, never a stack
 * trace); nothing may crash the process (crash-watch.ts). Afterwards the server still serves: the
 * chat made before the fuzzing shows its agent, supervisor and customer what it showed them
 * before, and a new RequestChat, a handshake and logins work.
 *
 * The whole sequence runs once on SQLite and once on PostgreSQL (a fresh app and store each,
 * PostgreSQL skipped when unreachable except under CI=true: databases.ts). The route-table check
 * does not depend on the store and runs in the SQLite pass only.
 *
 *   FUZZ_RUNS           SQLite cases in all, 80 % REST and 20 % Bayeux. Default (the CI size)
 *                       100000: ~0.4 ms a REST case, ~0.7 ms a Bayeux batch, in process, on the
 *                       idle 2-core machine; 50000 takes ~32 s.
 *   FUZZ_RUNS_POSTGRES  PostgreSQL cases in all, split the same way. Default (the CI size) 25000:
 *                       a REST case costs ~1.7 times a SQLite one (each statement is a round trip
 *                       to the server). With other work sharing the cores the SQLite pass took
 *                       ~60 s, the PostgreSQL pass ~25 s, the file ~87 s.
 *   FUZZ_SEED           replays a run (printed at the start and with every failure, with the
 *                       store's size variable); both passes use it
 *   FUZZ_KEEP_GOING     1: run every case and list each distinct failure, instead of stopping at
 *                       the first one and shrinking it
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import fc from 'fast-check';
import type { TestApp } from '../support/app.js';
import { answerProblem, bayeuxProblem } from '../support/answer-shapes.js';
import type { CrashWatch } from '../support/crash-watch.js';
import { watchCrashes } from '../support/crash-watch.js';
import { describeEachStore } from '../support/databases.js';
import type { Snapshot } from '../support/fuzz-aftermath.js';
import { snapshotOf } from '../support/fuzz-aftermath.js';
import { bayeuxCases } from '../support/fuzz-bayeux.js';
import { BayeuxSender } from '../support/fuzz-bayeux-sender.js';
import type { FuzzCast } from '../support/fuzz-cast.js';
import { buildFuzzCast } from '../support/fuzz-cast.js';
import { Findings, shorten, Tally } from '../support/fuzz-findings.js';
import type { RestCase } from '../support/fuzz-requests.js';
import { restCases } from '../support/fuzz-requests.js';
import type { FuzzTarget } from '../support/fuzz-targets.js';
import { FUZZ_TARGETS } from '../support/fuzz-targets.js';
import type { RouteEntry } from '../support/route-table.js';
import { startRecordedApp } from '../support/route-table.js';
import type { TenantChat, World } from '../support/world.js';
import { buildWorld } from '../support/world.js';

/** Each store's size, and the variable that sets it (the replay line names it). */
const SIZES = {
  sqlite: { runs: Number(process.env.FUZZ_RUNS ?? 100_000), variable: 'FUZZ_RUNS' },
  postgres: { runs: Number(process.env.FUZZ_RUNS_POSTGRES ?? 25_000), variable: 'FUZZ_RUNS_POSTGRES' },
} as const;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/** The row of a route: its own, or for an automatic HEAD route its GET row. */
function rowOf(route: RouteEntry): FuzzTarget | undefined {
  return FUZZ_TARGETS[route.key] ?? (route.method === 'HEAD' ? FUZZ_TARGETS[`GET ${route.url}`] : undefined);
}

describeEachStore('R3 fuzz', ({ name, skip, makeDatabase }) => {
  const { runs, variable } = SIZES[name];
  const BAYEUX_RUNS = Math.round(runs * 0.2);
  const REST_RUNS = runs - BAYEUX_RUNS;
  const options = {
    keepGoing: process.env.FUZZ_KEEP_GOING === '1',
    replay: `replay: FUZZ_SEED=${SEED} ${variable}=${runs} npm test -- test/reliability/fuzz`,
  };

  let t: TestApp;
  let routes: RouteEntry[];
  let w: World;
  let cast: FuzzCast;
  let sentinel: TenantChat;
  let snapshot: Snapshot;
  let watch: CrashWatch;

  before(async () => {
    if (skip.skip) return;
    // Here, not at load: node:test installs its own listeners when the first test is declared.
    watch = watchCrashes({ silenceMs: 10_000 });
    // The app's clock stands still: no lock, session, invitation or idle customer expires meanwhile,
    // so what a case meets depends on the cases before it, not on how fast the machine runs them.
    const frozen = Date.now();
    ({ t, routes } = await startRecordedApp({
      database: makeDatabase(),
      env: { PARLEY_CORS_ORIGINS: 'https://shop.example' },
      now: () => frozen,
    }));
    w = await buildWorld(t);
    sentinel = await w.freshChat();
    // Three live chats the cases may name (they end, move and fill up as the cases go).
    cast = await buildFuzzCast(w, [await w.freshChat(), await w.freshChat(), await w.freshChat()]);
    await cast.lockOutBadLogins();
    snapshot = await snapshotOf(w, sentinel);
  });
  after(async () => {
    watch?.stop();
    await t?.close();
  });

  /** Every request goes through here: an answer, or a rejection naming the crash or the silence. */
  function inject(request: InjectOptions): Promise<LightMyRequestResponse> {
    return watch.answer(t.app.server.inject(request));
  }

  // The route table is the app's, not the store's: checked once, in the SQLite pass.
  if (name === 'sqlite')
    test('the fuzz table names every route of the route table, and nothing else', () => {
      assert.ok(routes.length > 20, `only ${routes.length} routes recorded`);
      const unlisted = routes.filter((r) => !rowOf(r)).map((r) => r.key);
      const keys = new Set(routes.map((r) => r.key));
      const stale = Object.keys(FUZZ_TARGETS).filter((key) => !keys.has(key));
      assert.deepEqual(
        unlisted,
        [],
        `routes without a generator in test/support/fuzz-targets.ts: ${unlisted.join(', ')}`,
      );
      assert.deepEqual(stale, [], `rows for routes the app no longer has: ${stale.join(', ')}`);
    });

  test(
    `REST: ${REST_RUNS} generated requests get GWS answers, never a 5xx`,
    { timeout: 900_000, ...skip },
    async (tc) => {
      tc.diagnostic(`seed ${SEED}; ${options.replay}`);
      const findings = new Findings(options);
      const targets = routes.flatMap((route) => {
        const row = rowOf(route);
        return row && row.kind !== 'bayeux' ? [{ route, row }] : [];
      });
      const kinds = new Map(targets.map(({ route, row }) => [route.key, row.kind]));
      const arbitrary = fc.oneof(
        ...targets.map(({ route, row }) => ({
          // An automatic HEAD route runs its GET route's code: half the share.
          weight: Math.max(1, Math.round((row.weight ?? 1) * (route.method === 'HEAD' ? 5 : 10))),
          arbitrary: restCases(route, row, cast.pools),
        })),
      );
      const tally = new Tally();
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(arbitrary, async (c: RestCase) => {
          const sent = performance.now();
          const request = `${c.principal}: ${c.method} ${shorten(c.url)} ${JSON.stringify(c.headers)} ${shorten(c.body ?? '')}`;
          const sender = await cast.resolve(c.principal);
          // Bad credentials keep their own address (fuzz-cast.ts); anyone else may come from another.
          const remoteAddress = sender.remoteAddress ?? c.source;
          let response: LightMyRequestResponse;
          try {
            response = await inject({
              method: c.method as 'GET',
              url: c.url,
              headers: { ...c.headers, ...sender.headers },
              ...(remoteAddress ? { remoteAddress } : {}),
              ...(c.body === undefined ? {} : { payload: c.body }),
            });
          } catch (error) {
            return findings.report(`${c.route}: ${(error as Error).message}`, request);
          }
          tally.add(c.route, response, performance.now() - sent);
          // Another method may have turned a case into a Bayeux request (a POST to the notifications).
          const bayeux = c.method === 'POST' && /^\/api\/v2\/notifications(\/|\?|$)/.test(c.url);
          // And a GET outside the API's prefixes into the console's files (GET /*, console/routes.ts).
          const page = c.method === 'GET' && !/^\/(api|parley|health)\//.test(c.url);
          const problem = answerProblem(
            bayeux ? 'bayeux' : page ? 'static' : (kinds.get(c.route) ?? 'gws'),
            c.method,
            response,
          );
          if (problem) findings.report(`${c.route}: ${problem}`, request, response);
        }),
        { numRuns: REST_RUNS, seed: SEED, includeErrorInReport: true },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const answering = (tally.answering / 1000).toFixed(1);
      tc.diagnostic(
        `${tally.cases} requests in ${seconds} s (${answering} s answering); ${tally.success} answered statusCode 0`,
      );
      for (const line of tally.slowest(8)) tc.diagnostic(line);
      findings.assertNone();
    },
  );

  test(
    `Bayeux: ${BAYEUX_RUNS} generated batches get Bayeux replies, never a 5xx`,
    { timeout: 900_000, ...skip },
    async (tc) => {
      const findings = new Findings(options);
      const bayeux = new BayeuxSender(inject);
      for (const name of ['agent', 'agentCookie', 'supervisor', 'supervisorCookie', 'admin', 'otherAgent']) {
        const headers = (await cast.resolve(name)).headers;
        bayeux.pool.push(
          await bayeux.handshake(headers).catch((error: unknown) => {
            throw new Error(`${name}'s handshake failed: ${(error as Error).message}`);
          }),
        );
      }
      let cases = 0;
      const started = performance.now();
      await fc.assert(
        fc.asyncProperty(bayeuxCases(cast.bayeuxPrincipals), async (c) => {
          cases += 1;
          const request = `${c.principal}: POST ${shorten(c.path)} ${JSON.stringify(c.headers)} ${shorten(bayeux.textOf(c))}`;
          let responses: LightMyRequestResponse[];
          try {
            responses = await bayeux.send(c, await cast.resolve(c.principal));
          } catch (error) {
            return findings.report(`bayeux: ${(error as Error).message}`, request);
          }
          for (const response of responses) {
            const problem = bayeuxProblem(response);
            if (problem) findings.report(`bayeux: ${problem}`, request, response);
          }
        }),
        { numRuns: BAYEUX_RUNS, seed: SEED + 1, includeErrorInReport: true },
      );
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      tc.diagnostic(`${cases} batches in ${seconds} s; ${bayeux.pool.length} live sessions in the pool`);
      findings.assertNone();
    },
  );

  test(
    'afterwards the server still serves: the old chat, a new chat, a handshake, logins',
    skip,
    async () => {
      assert.deepEqual(
        await snapshotOf(w, sentinel),
        snapshot,
        'the chat made before the fuzzing is unchanged',
      );
      const requested = await inject({
        method: 'POST',
        url: '/api/v2/chats',
        headers: { contactcenterid: w.a.id, 'content-type': 'application/json' },
        // Another client address: the fuzzing used up this one's RequestChat allowance, as it should.
        remoteAddress: '198.51.100.23',
        payload: { operationName: 'RequestChat', nickname: 'After' },
      });
      assert.equal(requested.json<{ statusCode: number }>().statusCode, 0, requested.body);
      const token = requested.json<{ id: string }>().id;
      const view = await inject({
        method: 'GET',
        url: `/api/v2/chats/${token}`,
        headers: { contactcenterid: w.a.id },
      });
      assert.equal(view.json<{ statusCode: number }>().statusCode, 0, view.body);
      assert.ok(await new BayeuxSender(inject).handshake(w.principals.supervisor.headers));
      for (const who of ['agent', 'supervisor', 'admin', 'otherAdmin'] as const) {
        const me = await inject({ method: 'GET', url: '/api/v2/me', headers: w.principals[who].headers });
        assert.equal(me.json<{ statusCode: number }>().statusCode, 0, `${who}: ${me.body}`);
      }
      assert.equal((await inject({ method: 'GET', url: '/health/ready' })).statusCode, 200);
      const [first] = watch.crashes;
      assert.equal(
        watch.crashes.length,
        0,
        `uncaught exceptions or rejections: ${watch.crashes.length}, the first: ${first?.stack}`,
      );
    },
  );
});
