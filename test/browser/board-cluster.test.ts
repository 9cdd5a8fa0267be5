/**
 * The supervisor console's live board across two nodes on PostgreSQL and Redis behind HAProxy
 * (as test/e2e/board-cluster.test.ts, in Chromium): the browser is pinned to n2 by the balancer's
 * cookie while the agent and the customer act through n1 only, so every change the board shows —
 * the agent going Ready, the chat queued, offered, accepted — crossed the Redis bus; no reload,
 * no poll. Skipped (with the reason) without PostgreSQL, Redis or HAProxy, except under CI=true.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { assertAccessible, chromiumSkip, launchBrowser, Screenshots } from '../support/browser.js';
import type { Json } from '../support/cluster-world.js';
import { ClusterWorld } from '../support/cluster-world.js';
import { waitFor } from '../support/cometd.js';
import { clusterSkip } from '../support/e2e-stack.js';
import {
  agentChat,
  agentInState,
  boardShown,
  openConsole,
  queuedTable,
  theQueuedChat,
} from './supervisor-page.js';

describe('the supervisor console’s board across two nodes', chromiumSkip(), async () => {
  const skip = await clusterSkip();
  let world: ClusterWorld;
  let browser: Browser;
  const shots = new Screenshots('board-cluster');
  before(async () => {
    if (skip.skip) return;
    world = await ClusterWorld.start({ nodes: 2 });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await world?.stop();
  });

  test('a console on n2 follows an agent and a customer on n1', { ...skip, timeout: 120_000 }, async () => {
    const sam = await world.user('super', ['ROLE_SUPERVISOR']);
    const opened = await openConsole(browser, world.url, sam.userName, 'party-password', [
      { name: 'PARLEY_NODE', value: 'n2' },
    ]);
    const { page } = opened;
    await boardShown(page);

    const agent = await world.user('agent', ['ROLE_AGENT']);
    const listener = await world.listen(agent, 'n1', 'long-polling');
    const presence = (operationName: string) =>
      world.ok('/api/v2/me/channels/chat', agent.headers('n1'), { operationName });
    await world.ok('/api/v2/me', agent.headers('n1'), {
      operationName: 'StartContactCenterSession',
      channels: ['chat'],
    });
    await agentInState(page, agent.userName, 'Not Ready');
    await presence('Ready');
    await agentInState(page, agent.userName, 'Ready');
    await presence('NotReady');
    await agentInState(page, agent.userName, 'Not Ready');

    await world.ok('/api/v2/chats', world.customerHeaders('n1'), {
      operationName: 'RequestChat',
      nickname: 'Chris',
    });
    const chatId = await theQueuedChat(page);
    await assertAccessible(page, 'queued across nodes');
    await shots.take(page, 'queued');

    await presence('Ready');
    const invited = () => listener.received.find((d) => (d.chat as Json | undefined)?.state === 'Invited');
    await waitFor(() => invited() !== undefined, 10_000, 'the offer');
    await presence('NotReady');
    assert.equal((invited()?.chat as Json).id, chatId, 'the board queued the chat offered on n1');
    await world.ok(`/api/v2/me/chats/${chatId}`, agent.headers('n1'), {
      operationName: 'Accept',
      nickname: agent.userName,
    });
    await agentChat(page, agent.userName, chatId).filter({ hasText: 'Chatting' }).waitFor();
    await queuedTable(page).getByRole('cell', { name: 'No chat is waiting for an agent.' }).waitFor();
    await assertAccessible(page, 'accepted across nodes');
    await shots.take(page, 'accepted');

    assert.deepEqual([...opened.nodes], ['n2'], 'the console spoke to n2 only');
    assert.equal(opened.boardGets.length, 1, 'the board was fetched once, then only pushed');
    assert.equal(opened.navigations.length, 1, 'never reloaded');
    assert.deepEqual(opened.errors, []);
    await opened.context.close();
  });
});
