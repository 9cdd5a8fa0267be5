/**
 * Shutdown of the real process (src/main.ts). While it shuts down the port stays open and every
 * request that reaches it is answered 503 in the GWS envelope — /health/ready included, so a load
 * balancer reads "not ready" rather than a refused connection — until the requests already taken
 * are answered; held long-polls are answered at once; the process exits 0 and leaves no SQLite
 * WAL. A second signal exits at once; a request that never ends cannot hold the store open past
 * the shutdown timeout.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MainProcess } from '../support/main-process.js';
import { basicAuth, logLines, startMain } from '../support/main-process.js';

const ADMIN = basicAuth('admin', 'admin-password');

function tempDatabase(): { dir: string; path: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'parley-shutdown-'));
  const path = join(dir, 'parley.db');
  return { dir, path, env: { DATABASE_URL: `sqlite:${path}`, PARLEY_ADMIN: 'admin:admin-password' } };
}

/**
 * A request the server has taken (its headers are in) but not yet answered: its body arrives
 * when `finish` is called. Resolves with the raw response once it comes.
 */
async function slowRequest(server: MainProcess, body: object) {
  const text = JSON.stringify(body);
  const { port } = new URL(server.url);
  const socket: Socket = connect(Number(port), '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  let response = '';
  socket.on('data', (chunk: Buffer) => (response += chunk.toString()));
  const answered = new Promise<string>((resolve) => socket.once('close', () => resolve(response)));
  socket.write(
    `POST /api/v2/users HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${ADMIN}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text.slice(0, 10)}`,
  );
  return {
    answered,
    finish: () => socket.write(text.slice(10)),
    close: () => socket.destroy(),
  };
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: ADMIN, ...headers },
    body: JSON.stringify(body),
  });
  return (await response.json()) as Record<string, unknown>[] & Record<string, unknown>;
}

test('while shutting down: 503 in the envelope, held connects answered, taken requests finished, exit 0, no WAL', async () => {
  const db = tempDatabase();
  const server = await startMain({ env: db.env });
  try {
    const notifications = `${server.url}/api/v2/notifications`;
    const [handshake] = await post(notifications, [
      { channel: '/meta/handshake', version: '1.0', supportedConnectionTypes: ['long-polling'] },
    ]);
    const clientId = (handshake as { clientId?: string } | undefined)?.clientId;
    assert.ok(clientId, JSON.stringify(handshake));
    await post(notifications, [
      { channel: '/meta/connect', clientId, connectionType: 'long-polling', advice: { timeout: 0 } },
    ]);
    const connectAt = Date.now();
    const held = post(notifications, [
      { channel: '/meta/connect', clientId, connectionType: 'long-polling' },
    ]);
    const slow = await slowRequest(server, {
      userName: 'late',
      password: 'late-password',
      roles: ['ROLE_AGENT'],
    });
    await sleep(200); // the connect is held, the slow request taken

    server.signal('SIGTERM');
    const [connectReply] = (await held) as { successful?: boolean; advice?: { reconnect?: string } }[];
    assert.ok(Date.now() - connectAt < 5_000, 'the held connect was answered at once, not after its 30 s');
    assert.equal(connectReply?.successful, true);
    assert.equal(connectReply?.advice?.reconnect, 'retry', 'the client is told to reconnect (elsewhere)');

    // The slow request keeps the port open: a new connection is answered, 503, in the envelope.
    for (const path of ['/health/ready', '/api/v2/me', '/health/live']) {
      const response = await fetch(`${server.url}${path}`, { headers: { authorization: ADMIN } });
      assert.equal(response.status, 503, path);
      assert.equal(response.headers.get('connection'), 'close', path);
      assert.deepEqual(await response.json(), {
        statusCode: 4,
        statusMessage: 'The server is shutting down',
      });
    }
    assert.equal(server.child.exitCode, null, 'still draining the taken request');

    slow.finish();
    const answer = await slow.answered;
    assert.match(answer, /^HTTP\/1\.1 200 /, answer);
    assert.match(answer, /"statusCode":0/);
    assert.equal(await server.exited, 0, server.stderr());
    assert.equal(existsSync(`${db.path}-wal`), false, 'the WAL was left behind');
    const messages = logLines(server.stdout()).map((l) => l.msg);
    assert.ok(messages.includes('shutting down') && messages.includes('stopped'), server.stdout());
  } finally {
    server.signal('SIGKILL');
    rmSync(db.dir, { recursive: true, force: true });
  }
});

test('a second signal during the shutdown exits at once with status 1', async () => {
  const db = tempDatabase();
  const server = await startMain({ env: { ...db.env, PARLEY_SHUTDOWN_TIMEOUT: '60' } });
  try {
    const stuck = await slowRequest(server, {
      userName: 'never',
      password: 'never-password',
      roles: ['ROLE_AGENT'],
    });
    await sleep(200);
    server.signal('SIGTERM');
    await sleep(300);
    assert.equal(server.child.exitCode, null, 'the first signal waits for the taken request');
    const second = Date.now();
    server.signal('SIGINT');
    assert.equal(await server.exited, 1);
    assert.ok(Date.now() - second < 10_000, 'exited at once, not after the 30 s the first signal would wait');
    assert.ok(
      logLines(server.stdout()).some((l) => l.msg === 'second signal while shutting down: exiting now'),
      server.stdout(),
    );
    stuck.close();
  } finally {
    server.signal('SIGKILL');
    rmSync(db.dir, { recursive: true, force: true });
  }
});

test('a request that never ends loses its connection; the shutdown still closes the store in time', async () => {
  const db = tempDatabase();
  const server = await startMain({ env: { ...db.env, PARLEY_SHUTDOWN_TIMEOUT: '2' } });
  try {
    const stuck = await slowRequest(server, {
      userName: 'never',
      password: 'never-password',
      roles: ['ROLE_AGENT'],
    });
    await sleep(200);
    const signalled = Date.now();
    server.signal('SIGTERM');
    // Exit 0 means the close finished before the shutdown timeout (which exits 1).
    assert.equal(await server.exited, 0, server.stdout());
    assert.ok(Date.now() - signalled >= 900, 'the taken request had half the timeout to finish');
    assert.equal(await stuck.answered, '', 'the stuck request got no answer, its connection was closed');
    assert.equal(existsSync(`${db.path}-wal`), false);
    assert.ok(
      logLines(server.stdout()).some((l) => String(l.msg).includes('requests still running')),
      server.stdout(),
    );
  } finally {
    server.signal('SIGKILL');
    rmSync(db.dir, { recursive: true, force: true });
  }
});
