/**
 * The promise, as a property (spec §4.2/§4.3): thousands of random chat scripts — messages,
 * typing, notices, user data, intrusions in every mode, accepts, rejects, switches, leaves and
 * endings, transfers, conferences, consultations and removals of a second agent, monitoring shown
 * to agents and hidden again (the contact-center setting), in any order,
 * run through the real services on a real store — and after each script:
 *   - nothing with `Agents` or `Supervisors` visibility ever reached the customer (polling, the
 *     customer's chat view), and no text meant for agents appears anywhere in what it got; no
 *     hidden supervisor and no consultant is among its participants;
 *   - the customer's indices are its own, 1..n with no gaps (spec §6.1: chat-wide indices would
 *     show when hidden messages were sent); they are exactly the chat's `All` messages in order;
 *     its polls without `index`, made between steps, got each of them once under the same number;
 *     `index=k` gives its messages from its k-th;
 *   - neither agent ever received a `Supervisors` item (notifications, transcript reads).
 * What the customer got is also read as its client would, over HTTP — `GET /api/v2/chats/{id}` and
 * `…/messages` — and a `Reconnect` step polls again from `index=1` mid-script: the bytes it gets
 * hold no marker, and its renumbered history is the prefix of what it had. Agents' transcript GETs
 * hold no `Supervisors` item. Runs on SQLite (PROPERTY_RUNS, 1500) and PostgreSQL
 * (PROPERTY_RUNS_POSTGRES, 300).
 * Operations refused with a GWS error are part of the game; any other error fails the property.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { User } from '../../src/accounts/records.js';
import { presentMessages } from '../../src/chats/present.js';
import { presentCustomerChat, presentCustomerMessages } from '../../src/customer/present.js';
import { DomainError } from '../../src/errors.js';
import type { TestApp } from '../support/app.js';
import { adminAuth, startTestApp } from '../support/app.js';
import type { Agent } from '../support/chat-helpers.js';
import { readyAgent, Recorder, supervisor } from '../support/chat-helpers.js';
import { describeEachStore } from '../support/databases.js';
import type { Step } from '../support/visibility-steps.js';
import { body, step } from '../support/visibility-steps.js';

// PROPERTY_RUNS(_POSTGRES) and PROPERTY_SEED (printed with any counterexample) replay a failure.
const RUNS = {
  sqlite: Number(process.env.PROPERTY_RUNS ?? 1500),
  postgres: Number(process.env.PROPERTY_RUNS_POSTGRES ?? 300),
};

type Shown = ReturnType<typeof presentCustomerMessages>;

describeEachStore('visibility property', ({ name, skip, makeDatabase }) => {
  let t: TestApp;
  let rec: Recorder;
  const users: Record<'agent' | 'bob' | 's1' | 's2', User> = {} as never;
  let bob: Agent;
  let ann: Agent;
  /** A GET as the customer's client makes it: the raw body, and its JSON. */
  const customerGet = async (url: string) => {
    const response = await t.app.server.inject({
      method: 'GET',
      url,
      headers: { contactcenterid: t.contactCenterId },
    });
    assert.equal(response.statusCode, 200, response.body);
    return { raw: response.body, json: response.json() as { messages?: Shown } };
  };
  const presence = (state: 'Ready' | 'NotReady') =>
    t.app.server.inject({
      method: 'POST',
      url: '/api/v2/me/channels/chat',
      headers: bob.headers,
      payload: { operationName: state },
    });

  before(async () => {
    if (skip.skip) return;
    t = await startTestApp({ database: makeDatabase() });
    rec = new Recorder(t);
    await t.app.server.inject({
      method: 'POST',
      url: '/parley/v1/contact-center',
      headers: adminAuth,
      payload: { operationName: 'UpdateSettings', settings: { chatCapacity: 100 } },
    });
    bob = await readyAgent(t, 'prop.bob');
    ann = await readyAgent(t, 'prop.agent');
    const ids = {
      agent: ann.id,
      bob: bob.id,
      s1: (await supervisor(t, 'prop.s1')).id,
      s2: (await supervisor(t, 'prop.s2')).id,
    };
    for (const key of ['agent', 'bob', 's1', 's2'] as const)
      users[key] = (await t.store.users.get(ids[key])) as User;
  });
  after(() => t?.close());

  /** Steps that succeeded, by `who op`: the property must not hold only because everything was refused. */
  const succeeded = new Map<string, number>();

  async function quietly(work: () => Promise<unknown>, step?: Step): Promise<void> {
    try {
      await work();
      if (step) succeeded.set(`${step.who} ${step.op}`, (succeeded.get(`${step.who} ${step.op}`) ?? 0) + 1);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'Internal') throw error;
    }
  }

  test(
    `no Agents/Supervisors item ever reaches the customer; no Supervisors item reaches the agent (${RUNS[name]} scripts)`,
    { timeout: 600_000, ...skip },
    async () => {
      const { chats, customers, supervision, router } = t.app;
      const home = await t.store.contactCenters.get(t.contactCenterId);
      assert.ok(home);
      let cc = home;
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (script) => {
          rec.clear();
          /** What the customer's polls without `index` returned, in order. */
          const received: ReturnType<typeof presentCustomerMessages> = [];
          const poll = async () => {
            const { messages, parties } = await customers.messages(cc.id, token, undefined);
            received.push(...presentCustomerMessages(messages, parties));
          };
          // The chat goes to the agent; bob is Ready only afterwards, to be transferred to or invited.
          await presence('NotReady');
          const { token, chat } = await customers.requestChat(cc.id, {
            operationName: 'RequestChat',
            nickname: 'Prop',
          });
          await router.kick(cc.id);
          const ids = { agent: users.agent.id, bob: users.bob.id };
          // (`from` shows the sender's current nickname, so a rename changes it: not compared.)
          const numbered = (messages: Shown) => messages.map(({ from: _, ...m }) => m);
          /** A customer that lost its place: everything again from its first message, over HTTP. */
          const reconnect = async () => {
            const again = await customerGet(`/api/v2/chats/${token}/messages?index=1`);
            assert.ok(!again.raw.includes('secret'), `customer saw agent-only text: ${again.raw}`);
            const had = JSON.parse(JSON.stringify(numbered(received))) as unknown[];
            const history = again.json.messages ?? [];
            assert.deepEqual(numbered(history).slice(0, had.length), had, 'same history');
            // A read with `index` moves the customer's place too: later polls go on from there.
            received.splice(0, received.length, ...history);
          };
          await chats.operate(users.agent, chat.id, { operationName: 'Accept' });
          await presence('Ready');
          for (const s of script) {
            n++;
            if (s.who === 'admin') {
              const showMonitoringToAgents = s.op === 'ShowMonitoringToAgents';
              await t.app.server.inject({
                method: 'POST',
                url: '/parley/v1/contact-center',
                headers: adminAuth,
                payload: { operationName: 'UpdateSettings', settings: { showMonitoringToAgents } },
              });
              cc = (await t.store.contactCenters.get(cc.id)) ?? cc;
              assert.equal(cc.settings.showMonitoringToAgents, showMonitoringToAgents);
            } else if (s.who === 'customer' && s.op === 'Poll') {
              await poll();
            } else if (s.who === 'customer' && s.op === 'Reconnect') {
              await reconnect();
            } else if (s.who === 'customer') {
              const op =
                s.op === 'End'
                  ? { operationName: 'Complete' as const }
                  : ({
                      operationName: s.op,
                      ...(s.op === 'SendMessage' ? { text: `public-${n}` } : {}),
                    } as never);
              await quietly(() => customers.operate(cc.id, token, op), s);
            } else if (s.who === 'agent' || s.who === 'bob') {
              await quietly(
                () =>
                  chats.operate(
                    users[s.who as 'bob'],
                    chat.id,
                    s.op === 'End' ? { operationName: 'Leave' } : body(s.op, n, ids),
                  ),
                s,
              );
            } else if (s.op === 'Intrude') {
              await quietly(
                () => supervision.intrude(users[s.who as 's1'], cc, users.agent.id, chat.id, s.mode),
                s,
              );
            } else {
              await quietly(() => chats.operate(users[s.who as 's1'], chat.id, body(s.op, n, ids)), s);
            }
          }
          // What the customer got: its polling from the start and its chat view.
          await poll();
          const polled = await customers.messages(cc.id, token, 1);
          const visibilityOf = new Map(polled.messages.map((m) => [m.audienceIndex, m.visibility]));
          const shown = presentCustomerMessages(polled.messages, polled.parties);
          for (const m of shown)
            assert.equal(visibilityOf.get(m.index), 'All', `customer got message ${m.index}`);
          assert.deepEqual(
            shown.map((m) => m.index),
            shown.map((_, i) => i + 1),
            'the customer numbers its messages 1..n, no gaps',
          );
          const transcript = await t.store.messages.list(chat.id, 0, 10_000);
          assert.deepEqual(
            polled.messages.map((m) => m.index),
            transcript.filter((m) => m.visibility === 'All').map((m) => m.index),
            'the customer gets every All message, in order',
          );
          const plain = (messages: Shown) => JSON.parse(JSON.stringify(numbered(messages))) as unknown;
          assert.deepEqual(plain(received), plain(shown), 'each once, numbered as in every poll');
          const k = Math.ceil(shown.length / 2);
          const fromK = await customers.messages(cc.id, token, k);
          assert.deepEqual(presentCustomerMessages(fromK.messages, fromK.parties), shown.slice(k - 1));
          const view = presentCustomerChat(token, polled.chat, polled.parties);
          const customerJson = JSON.stringify([shown, view]);
          assert.ok(!customerJson.includes('secret'), `customer saw agent-only text: ${customerJson}`);
          for (const p of view.participants) {
            const party = polled.parties.find((x) => x.participantId === p.participantId);
            assert.ok(
              party && (party.role !== 'supervisor' || party.mode === 'BargeIn'),
              'customer saw a hidden supervisor',
            );
            assert.ok(party.via !== 'Consult', 'customer saw a consultant');
          }
          // The same over HTTP, as the customer's client reads it.
          await reconnect();
          for (const url of [`/api/v2/chats/${token}`, `/api/v2/chats/${token}/messages`]) {
            const { raw } = await customerGet(url);
            assert.ok(!raw.includes('secret'), `customer's GET ${url} showed agent-only text: ${raw}`);
          }
          // What each agent got: every notification, and its transcript read.
          for (const agent of [users.agent, users.bob]) {
            const agentJson = JSON.stringify(rec.of(agent.id));
            assert.ok(
              !agentJson.includes('Supervisors'),
              `${agent.userName} received a Supervisors item: ${agentJson}`,
            );
            const own = await chats.get(agent, chat.id).catch(() => undefined);
            if (!own) continue; // never in the chat
            const transcript = presentMessages(
              'agent',
              await chats.transcript(own, 0, 10_000),
              own.parties,
              (p) => p,
            );
            assert.ok(transcript.every((m) => m.visibility !== 'Supervisors'));
            const read = await t.app.server.inject({
              method: 'GET',
              url: `/api/v2/me/chats/${chat.id}/messages`,
              headers: (agent.id === ann.id ? ann : bob).headers,
            });
            assert.ok(!read.body.includes('Supervisors'), `${agent.userName}'s GET showed ${read.body}`);
          }
          await quietly(() => customers.operate(cc.id, token, { operationName: 'Complete' }));
          for (const agent of [users.agent, users.bob]) {
            for (const operationName of ['Reject', 'LeaveAndComplete', 'Complete'] as const)
              await quietly(() => chats.operate(agent, chat.id, { operationName }));
          }
        }),
        {
          numRuns: RUNS[name],
          ...(process.env.PROPERTY_SEED ? { seed: Number(process.env.PROPERTY_SEED) } : {}),
        },
      );
      if (RUNS[name] < 300) return;
      const handOvers = [
        'agent Transfer:bob',
        'agent Transfer:queue',
        'agent Invite:bob',
        'agent Consult:bob',
        'bob Accept',
      ];
      for (const step of handOvers)
        assert.ok(
          (succeeded.get(step) ?? 0) > 0,
          `no script got "${step}" through: ${JSON.stringify([...succeeded])}`,
        );
      // Steps that need a hand-over accepted first are rarer: together they must have happened
      // (in the long SQLite run; 300 scripts make only a few).
      if (RUNS[name] < 1000) return;
      const afterAccept = [...succeeded].filter(([step]) => /^bob (?!Accept|Reject)|Remove:bob/.test(step));
      assert.ok(afterAccept.length > 3, `bob barely acted in the chat: ${JSON.stringify(afterAccept)}`);
    },
  );
});
