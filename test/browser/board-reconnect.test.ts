/**
 * The team board across a lost connection, in Chromium against the real server (README "The live
 * board"): the supervisor's network goes down — its WebSocket to `/api/v2/notifications` is cut
 * (through Playwright's WebSocket route) and the browser is offline, so neither a new WebSocket
 * nor long-polling gets through — and the console says so; a chat queues and an agent goes Ready
 * meanwhile. Back online, the board shows both without a reload: rebuilt from the snapshot GET
 * after a new handshake, or sent what the server held for the session.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebSocketRoute } from 'playwright-core';
import { assertAccessible, chromiumSkip } from '../support/browser.js';
import { Customer } from '../support/e2e-chat.js';
import { browserSuite } from './suite.js';
import { agentInState, boardShown, openConsole, queuedRows } from './supervisor-page.js';

describe('the team board after a lost connection', chromiumSkip(), () => {
  const suite = browserSuite('board-reconnect');

  test('offline, then back: what happened meanwhile is on the board, no reload', async () => {
    const { e2e, browser, shots } = suite;
    const sam = e2e.name('sam');
    await e2e.createUser(sam, ['ROLE_SUPERVISOR'], 'sam-password');
    let down = false;
    const sockets: WebSocketRoute[] = [];
    const opened = await openConsole(browser, e2e.url, sam, 'sam-password', [], (context) =>
      context.routeWebSocket(/\/api\/v2\/notifications/, (ws) => {
        if (down) return void ws.close({ code: 1001, reason: 'network down' });
        ws.connectToServer();
        sockets.push(ws);
      }),
    );
    const { page, context } = opened;
    await boardShown(page);
    const agent = await e2e.agent('websocket');
    await agentInState(page, agent.userName, 'Not Ready');

    down = true;
    await context.setOffline(true);
    for (const ws of sockets.splice(0)) await ws.close({ code: 1001, reason: 'network down' });
    await page
      .getByRole('status')
      .filter({ hasText: /^Disconnected, reconnecting…$/ })
      .waitFor({ timeout: 30_000 });
    await assertAccessible(page, 'disconnected');
    await shots.take(page, 'disconnected');
    // While the console cannot hear: a chat queues (no agent Ready yet), then the agent goes Ready
    // and is offered it.
    await Customer.request(e2e, 'Rae', { subject: 'While you were away' });
    await agent.ready('Ready');
    await agent.until((d) => d.chat?.state === 'Invited', 'the offer');
    assert.equal(await queuedRows(page).count(), 0, 'nothing new shows while offline');

    down = false;
    await context.setOffline(false);
    await page
      .getByRole('status')
      .filter({ hasText: /^Connected$/ })
      .waitFor({ timeout: 30_000 });
    await agentInState(page, agent.userName, 'Ready');
    await queuedRows(page).filter({ hasText: agent.userName }).first().waitFor(); // offered to the agent
    assert.equal(opened.navigations.length, 1, 'no reload');
    await assertAccessible(page, 'reconnected');
    await shots.take(page, 'reconnected');
    assert.deepEqual(opened.errors, [], 'no uncaught error in the page');
    await agent.ready('NotReady');
  });
});
