/**
 * One supervised chat from Intrude to Complete, on one node and on the cluster (three nodes on
 * PostgreSQL and Redis behind HAProxy, the agent, the supervisor and the customer each pinned to a
 * node of its own), with the agent and the supervisor on each CometD transport in turn: Intrude in
 * Coach, whispers the customer never sees, a switch to BargeIn, a supervisor's message the customer
 * does see, and Complete. Every party's notifications are checked as the single-node tests check
 * them: exactly what each visibility allows, nothing more.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import type { TransportType } from '../support/cometd.js';
import type { Party } from '../support/e2e-chat.js';
import { acceptedChat, assertQuiet, E2e } from '../support/e2e-chat.js';
import { describeEachStack } from '../support/e2e-stack.js';
import { completeChat, customerSays, intrude } from '../support/e2e-supervision.js';
import {
  ACCEPT,
  kinds,
  line,
  SUPERVISOR_CAPABILITIES,
  supervisorsContent,
  transcript,
  who,
} from '../support/e2e-views.js';

const PAIRS: [TransportType, TransportType][] = [
  ['long-polling', 'websocket'],
  ['websocket', 'long-polling'],
];

describeEachStack('a supervised chat from Intrude to Complete', (stack) => {
  let e2e: E2e;
  before(async () => {
    e2e = await E2e.start(stack);
  });
  afterEach(() => e2e.disconnectAll());
  after(() => e2e.stop());

  for (const [agentTransport, supervisorTransport] of PAIRS) {
    test(`agent on ${agentTransport}, supervisor on ${supervisorTransport}`, async () => {
      const ann = await e2e.agent(agentTransport);
      const sam = await e2e.supervisor(supervisorTransport);
      const { chatId, customer } = await acceptedChat(e2e, ann);
      assert.deepEqual(kinds(await ann.next(3)), ACCEPT);
      /** An operation that must succeed, then the notifications each listed party gets from it. */
      const act = async (by: Party, body: object, count: number, ...parties: Party[]) => {
        const answer = await by.operate(chatId, body);
        assert.equal(answer.statusCode, 0, JSON.stringify(answer));
        return Promise.all(parties.map(async (p) => await p.next(count)));
      };

      // Intrude in Coach: Invited, then Accept; the agent sees the coach, the customer does not.
      assert.equal(
        (await intrude(sam, ann.id, chatId, { supervisorVisibilityMode: 'Coach' })).body.statusCode,
        0,
      );
      assert.deepEqual(kinds(await sam.next(1)), ['StatusChange Invited']);
      const [samJoined] = await act(sam, { operationName: 'Accept', nickname: 'Coach Sam' }, 3, sam);
      assert.deepEqual(kinds(samJoined ?? []), ACCEPT);
      assert.deepEqual(samJoined?.[1]?.chat?.capabilities, SUPERVISOR_CAPABILITIES.Coach);
      const annSawJoin = await ann.next(2);
      assert.deepEqual(kinds(annSawJoin), ['ParticipantsUpdated Chatting', 'NewMessages']);
      assert.deepEqual(who(annSawJoin[0]?.chat), ['Chris:All', `${ann.userName}:All`, 'Coach Sam:Agents']);
      assert.deepEqual(transcript(annSawJoin.slice(1), chatId, e2e), [
        '3 ParticipantJoined Coach Sam:Agents',
      ]);

      // The customer speaks; the coach whispers; the agent answers the customer.
      await customerSays(customer, 'I need help', ann, sam);
      const whisper = await act(
        sam,
        { operationName: 'SendToAgents', text: 'offer the discount' },
        1,
        ann,
        sam,
      );
      assert.deepEqual(
        whisper.map((notes) => transcript(notes, chatId, e2e)),
        [['5 Text Coach Sam:Agents offer the discount'], ['5 Text Coach Sam:Agents offer the discount']],
      );
      const answer = await act(
        ann,
        { operationName: 'SendMessage', text: 'A discount for you' },
        1,
        ann,
        sam,
      );
      for (const notes of answer) {
        assert.deepEqual(transcript(notes, chatId, e2e), [`6 Text ${ann.userName}:All A discount for you`]);
      }

      // Coach → BargeIn: the customer now sees the supervisor, and what it says.
      const switched = await act(sam, { operationName: 'SwitchToBargeIn' }, 2, sam, ann);
      for (const notes of switched) {
        assert.deepEqual(kinds(notes), ['ParticipantsUpdated Chatting', 'NewMessages']);
        assert.deepEqual(transcript(notes.slice(1), chatId, e2e), [
          '7 ParticipantLeft Coach Sam:Agents',
          '8 ParticipantJoined Coach Sam:All',
        ]);
      }
      assert.equal(switched[0]?.[0]?.chat?.supervisorMode, 'BargeIn');
      const spoken = await act(sam, { operationName: 'SendMessage', text: 'Supervisor here' }, 1, ann, sam);
      for (const notes of spoken) {
        assert.deepEqual(transcript(notes, chatId, e2e), ['9 Text Coach Sam:All Supervisor here']);
      }

      await completeChat(ann, chatId, {}, sam);
      await assertQuiet(ann, sam);
      await customer.poll();
      // The customer's own numbering (spec §6.1): 1..n, no gap where the coach joined, whispered
      // or left Coach; only one ParticipantLeft of the coach, the one in BargeIn.
      assert.deepEqual(customer.polled.map(line), [
        '1 ParticipantJoined Chris',
        `2 ParticipantJoined ${ann.userName}`,
        '3 Text Chris I need help',
        `4 Text ${ann.userName} A discount for you`,
        '5 ParticipantJoined Coach Sam',
        '6 Text Coach Sam Supervisor here',
        `7 ParticipantLeft ${ann.userName}`,
        '8 ParticipantLeft Coach Sam', // revoked in BargeIn: seen leaving as it was seen joining
      ]);
      const shown = customer.polled.map(line).join('\n');
      assert.doesNotMatch(shown, /offer the discount/, 'no whisper');
      assert.deepEqual(
        supervisorsContent(ann.all()),
        [],
        'nothing of Supervisors visibility reached the agent',
      );
    });
  }
});
