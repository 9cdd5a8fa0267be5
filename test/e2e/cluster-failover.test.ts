/**
 * `kill -9` of one of two nodes mid-chat (PostgreSQL + Redis behind HAProxy). The agent's
 * long-polling session and another agent's WebSocket live on the killed node; the customer and a
 * barged-in supervisor on the survivor. The survivor's parties keep working without noticing; the
 * killed node's parties reach the survivor through the balancer, re-handshake and rebuild from
 * the GETs; nobody's view (notifications plus the GETs after recovery) misses an acknowledged
 * message; and an offer left unanswered on the dead node times out and is offered again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Json, Listener } from '../support/cluster-world.js';
import { ADMIN, ClusterWorld, textsOf } from '../support/cluster-world.js';
import { waitFor } from '../support/cometd.js';
import { clusterSkip } from '../support/e2e-stack.js';

describe('a node killed mid-chat', async () => {
  const skip = await clusterSkip();
  let world: ClusterWorld;
  before(async () => {
    if (!skip.skip) world = await ClusterWorld.start({ nodes: 2 });
  });
  after(() => world?.stop());

  test(
    'survivors carry on, the killed node’s parties recover, nothing acknowledged is missing',
    { ...skip, timeout: 120_000 },
    async () => {
      await world.ok('/parley/v1/contact-center', ADMIN, {
        operationName: 'UpdateSettings',
        settings: { inviteTimeoutSeconds: 5 },
      });
      const login = async (prefix: string, roles: string[], node: string) => {
        const user = await world.user(prefix, roles);
        if (roles.includes('ROLE_AGENT')) {
          await world.ok('/api/v2/me', user.headers(node), {
            operationName: 'StartContactCenterSession',
            channels: ['chat'],
          });
        }
        return user;
      };
      const ann = await login('ann', ['ROLE_AGENT'], 'n1');
      const sam = await login('sam', ['ROLE_SUPERVISOR'], 'n2');
      const annOnN1 = await world.listen(ann, 'n1', 'long-polling');
      const samOnN2 = await world.listen(sam, 'n2', 'websocket');
      const { chatId, token, acknowledged, say } = await world.bargedInChat(ann, annOnN1, sam, 'n2');
      await say('customer', 'n2', 'c1: hello');
      await say(ann, 'n1', 'a1: hi, Ann here');
      await say(sam, 'n2', 's1: and Sam');
      await waitFor(
        () => annOnN1.heard().includes('s1: and Sam') && samOnN2.heard().includes('s1: and Sam'),
        10_000,
        'the first three',
      );

      // A second chat offered, from n1, to an agent whose session is on n1; then another agent, on n2, is Ready.
      const cid = await login('cid', ['ROLE_AGENT'], 'n1');
      const bea = await login('bea', ['ROLE_AGENT'], 'n2');
      const cidOnN1 = await world.listen(cid, 'n1', 'websocket');
      const beaOnN2 = await world.listen(bea, 'n2', 'websocket');
      const second = await world.ok('/api/v2/chats', world.customerHeaders('n1'), {
        operationName: 'RequestChat',
        nickname: 'Dana',
        subject: 'second',
      });
      await world.ok('/api/v2/me/channels/chat', cid.headers('n1'), { operationName: 'Ready' });
      const invitedTo = (l: Listener) =>
        l.received
          .filter((d) => (d.chat as Json | undefined)?.state === 'Invited')
          .map((d) => (d.chat as Json).id);
      await waitFor(() => invitedTo(cidOnN1).length === 1, 10_000, 'the second chat offered to Cid');
      await world.ok('/api/v2/me/channels/chat', bea.headers('n2'), { operationName: 'Ready' });

      await world.cluster.nodes[0]!.kill();

      // The survivor's parties carry on at once; the killed node's agent is served through the balancer.
      await say('customer', 'n2', 'c2: are you still there?');
      await say(sam, 'n2', 's2: I am');
      await say(ann, 'n1', 'a2: so am I (through n2 now)');
      await world.cluster.waitForNodeState('n1', 'DOWN');
      // Ann's and Cid's sessions re-handshake on the survivor and subscribe again.
      await waitFor(() => annOnN1.handshakes === 2 && cidOnN1.handshakes === 2, 20_000, 'the re-handshakes');
      await say('customer', 'n2', 'c3: good');
      await say(ann, 'n2', 'a3: after recovery');
      await waitFor(
        () => annOnN1.heard().includes('c3: good') && samOnN2.heard().includes('a3: after recovery'),
        10_000,
        'messages after recovery',
      );
      assert.equal(samOnN2.handshakes, 1, 'the survivor’s supervisor never noticed');

      // Ann rebuilds from the GETs, as a GWS client does after a re-handshake.
      const me = (await world.request('GET', '/api/v2/me?subresources=*', ann.headers('n2'))).body
        .user as Json;
      assert.deepEqual(
        (me.chats as Json[]).map((c) => [c.id, c.state]),
        [[chatId, 'Chatting']],
      );
      const views: [string, string[]][] = [
        ['Ann', [...annOnN1.heard(), ...textsOf(await world.transcript(ann, 'n2', chatId))]],
        ['Sam', samOnN2.heard()],
        [
          'the customer',
          textsOf(
            (
              await world.request(
                'GET',
                `/api/v2/chats/${token}/messages?index=1`,
                world.customerHeaders('n2'),
              )
            ).body.messages as Json[],
          ),
        ],
      ];
      for (const [who, view] of views) {
        assert.deepEqual(
          acknowledged.filter((t) => !view.includes(t)),
          [],
          `${who} misses no acknowledged message`,
        );
      }

      // The offer n1 made to Cid was never answered: it times out on the survivor and goes to Bea.
      const secondChat = invitedTo(cidOnN1)[0];
      await waitFor(
        () => invitedTo(beaOnN2).includes(secondChat),
        20_000,
        'the second chat offered again, to Bea',
      );
      const customerView = await world.request(
        'GET',
        `/api/v2/chats/${second.id as string}`,
        world.customerHeaders('n2'),
      );
      assert.equal((customerView.body.chat as Json).state, 'WaitingForAgent');
    },
  );
});
