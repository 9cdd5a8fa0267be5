/**
 * Scenario "idle-memory": server memory per idle session. 15,000 (quick: 200) authenticated
 * CometD WebSocket sessions — handshaken, subscribed to `/v2/me/chats`, each holding its
 * /meta/connect — against the REAL Parley server (dist/main.js, temporary SQLite file, one bench
 * agent whose session cookie every socket carries), and the same count against faye. The number
 * is VmRSS growth of the server process (/proc/<pid>/status) ÷ sessions: from after start-up and
 * the REST login to a few seconds after the last session is open. It includes everything a
 * session costs the process (socket, parser buffers, session object, held-connect timer) and any
 * garbage not yet collected, so it is an upper bound; kernel socket buffers are not in RSS.
 *
 * Goal (P4): Parley ≤ 6 KB per session; faye's number is shown beside it for scale.
 *
 * The sockets are split over two load processes (20,000 open files per process at most).
 */
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { row, type BenchContext, type Scenario, type ScenarioResult } from '../scenario.js';
import { sleep } from '../support/clock.js';
import { benchChannel } from '../support/payload.js';
import {
  startHubServer,
  startLoad,
  startParleyMain,
  webSocketUrl,
  type Load,
  type Peer,
  type Server,
} from '../support/peers.js';
import { rssBytes } from '../support/proc-stats.js';
import type { LoadAuth } from '../load/main.js';

/** Load processes per server: 20,000 open files each at most; quick runs need only one. */
const loadProcessesFor = (quick: boolean): number => (quick ? 1 : 2);
const admin = { userName: 'bench-admin', password: 'bench-admin-password' };
const agent = { userName: 'bench-agent', password: 'bench-agent-password' };

function basic(credentials: { userName: string; password: string }): string {
  return 'Basic ' + Buffer.from(`${credentials.userName}:${credentials.password}`).toString('base64');
}

/** Creates the bench agent as the administrator and logs it in; returns its JSESSIONID. */
async function agentCookie(server: Server): Promise<string> {
  const created = await fetch(`${server.url}/api/v2/users`, {
    method: 'POST',
    headers: { authorization: basic(admin), 'content-type': 'application/json' },
    body: JSON.stringify({ ...agent, roles: ['ROLE_AGENT'] }),
  });
  if (!created.ok) throw new Error(`creating the bench agent: ${created.status} ${await created.text()}`);
  const me = await fetch(`${server.url}/api/v2/me`, { headers: { authorization: basic(agent) } });
  const cookie = /JSESSIONID=([^;]+)/.exec(me.headers.get('set-cookie') ?? '')?.[1];
  if (!me.ok || cookie === undefined) throw new Error(`logging the bench agent in: ${me.status}`);
  return cookie;
}

/** Sessions whose socket is still open and whose /meta/connect was never refused, over all loads. */
async function stillOpen(loads: readonly Load[]): Promise<number> {
  const statuses = await Promise.all(
    loads.map((load) => {
      load.child.send({ cmd: 'status' });
      return load.child.event<{ open: number; connectFailures: number }>('status', 10_000);
    }),
  );
  return statuses.reduce((sum, status) => sum + status.open - status.connectFailures, 0);
}

interface Measured {
  readonly sessions: number;
  readonly opened: number;
  readonly openMs: number;
  readonly rssBeforeMb: number;
  readonly rssAfterMb: number;
  readonly kbPerSession: number;
}

async function measure(
  context: BenchContext,
  server: Server,
  auth: LoadAuth,
  sessions: number,
): Promise<Measured> {
  const loadProcesses = loadProcessesFor(context.quick);
  await sleep(context.quick ? 300 : 1000);
  const before = rssBytes(server.child.pid);
  const started = Date.now();
  const loads: Load[] = [];
  try {
    const share = Math.ceil(sessions / loadProcesses);
    const starting = Array.from({ length: loadProcesses }, (_, index) =>
      startLoad(
        context,
        {
          url: webSocketUrl(server),
          sessions: Math.min(share, sessions - index * share),
          firstIndex: index * share,
          auth,
          channel: benchChannel,
        },
        `load-${index + 1}`,
      ).then((load) => loads.push(load)),
    );
    await Promise.all(starting);
    const openMs = Date.now() - started;
    const opened = loads.reduce((sum, load) => sum + load.ready.opened, 0);
    const failure = loads.find((load) => load.ready.firstError !== null)?.ready.firstError;
    if (opened !== sessions) throw new Error(`only ${opened} of ${sessions} sessions opened: ${failure}`);
    await sleep(context.quick ? 500 : 4000);
    const after = rssBytes(server.child.pid);
    const alive = await stillOpen(loads);
    if (alive !== sessions) throw new Error(`${sessions - alive} sessions closed or refused while idle`);
    const mb = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
    return {
      sessions,
      opened,
      openMs,
      rssBeforeMb: mb(before),
      rssAfterMb: mb(after),
      kbPerSession: (after - before) / 1024 / sessions,
    };
  } finally {
    // The server goes first, so that the client ports never sit in TIME_WAIT.
    await server.child.stop();
    await Promise.all(loads.map((load) => load.child.stop()));
  }
}

async function measureParley(context: BenchContext, sessions: number): Promise<Measured> {
  const directory = mkdtempSync(join(tmpdir(), 'parley-bench-'));
  try {
    const server = await startParleyMain(context, {
      DATABASE_URL: `sqlite:${join(directory, 'bench.db')}`,
      PARLEY_ADMIN: `${admin.userName}:${admin.password}`,
    });
    const cookie = await agentCookie(server);
    return await measure(context, server, { kind: 'cookie', cookie }, sessions);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

async function measureFaye(context: BenchContext, sessions: number): Promise<Measured> {
  return measure(context, await startHubServer(context, 'faye'), { kind: 'none' }, sessions);
}

export const idleMemory: Scenario = {
  name: 'idle-memory',
  title: 'Server memory per idle WebSocket session (real Parley server)',
  rowCount: 1,
  async run(context): Promise<ScenarioResult> {
    // Quick runs (CI's smoke check of the harness) share a 60 s budget with every scenario.
    const sessions = context.quick ? 200 : 15_000;
    const loadProcesses = loadProcessesFor(context.quick);
    const measured = {} as Record<Peer, Measured>;
    measured.parley = await measureParley(context, sessions);
    context.log(`parley: ${JSON.stringify(measured.parley)}`);
    measured.faye = await measureFaye(context, sessions);
    context.log(`faye: ${JSON.stringify(measured.faye)}`);
    const { parley, faye } = measured;
    return {
      rows: [
        row({
          scenario: `P4 Idle sessions, ${sessions.toLocaleString('en-US')}`,
          unit: 'KB RSS/session',
          digits: 1,
          value: parley.kbPerSession,
          baseline: faye.kbPerSession,
          baselineName: 'faye',
          goal: 'Parley ≤ 6 KB',
          met: parley.kbPerSession <= 6,
        }),
      ],
      details: { sessions, loadProcesses, parley, faye },
      notes: [
        `${sessions} sessions over ${loadProcesses} load processes; Parley is dist/main.js (npm start's build) with a temporary SQLite ` +
          "file, every socket carrying one agent's JSESSIONID cookie; faye is bench/servers/faye.ts. KB = 1,024 bytes.",
        `Parley RSS ${parley.rssBeforeMb} → ${parley.rssAfterMb} MB (sessions opened in ${parley.openMs} ms); ` +
          `faye RSS ${faye.rssBeforeMb} → ${faye.rssAfterMb} MB (${faye.openMs} ms).`,
        'RSS growth counts uncollected garbage and one-time warm-up (JIT code, first-use allocations) too, so it ' +
          'overstates the steady per-session cost a little, for both servers alike.',
      ],
    };
  },
};
