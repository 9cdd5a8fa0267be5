/**
 * Races between agents (and a customer) on one chat, each judged against the store: who may win,
 * and what the chat must look like for each possible winner (spec §2, README "Collaboration").
 */
import type { LaneUser } from './race-lane.js';
import { customer, handOver, me } from './race-lane.js';
import type { Round, Scenario } from './race-round.js';
import { copyOf, openCopy } from './race-round.js';
import { CONTENDED } from './race-tally.js';

const ACCEPT = { operationName: 'Accept' };
const COMPLETE = { operationName: 'Complete' };

/** The lane's agents other than `x`, in lane order. */
function others(round: Round, x: LaneUser): [LaneUser, LaneUser, LaneUser] {
  return round.lane.agents.filter((a) => a.id !== x.id) as [LaneUser, LaneUser, LaneUser];
}

/** X invited Y to a conference; Y accepts as X completes. Complete wins always; Accept only first. */
export const acceptVsComplete: Scenario = {
  name: 'Accept vs Complete',
  async run(round) {
    const { chatId, agent: x } = await round.accepted();
    const [y] = others(round, x);
    await round.setup(handOver(x, chatId, 'Invite', y));
    const [accept, complete] = await round.race([me(y, chatId, ACCEPT), me(x, chatId, COMPLETE)]);
    await round.expectCode(complete, [0], 'Complete');
    await round.expectCode(accept, [0, 2], 'Accept');
    const { chat, parties } = await round.stored(chatId);
    const states = `${chat.phase} ${copyOf(parties, x.id)?.state} ${copyOf(parties, y.id)?.state}`;
    const expected = accept?.statusCode === 0 ? 'Active Completed Chatting' : 'Ended Completed Revoked';
    round.outcome(accept?.statusCode === 0 ? 'Accept first' : 'Complete first');
    await round.expect(states === expected, `phase, X and Y are ${states}, expected ${expected}`);
  },
};

/** A routing offer: the agent accepts and rejects as the customer leaves. */
export const offerVsCustomer: Scenario = {
  name: 'Accept vs Reject vs customer Complete',
  async run(round) {
    const { chatId, token, agent: x } = await round.offered();
    const [accept, reject, leave] = await round.race([
      me(x, chatId, ACCEPT),
      me(x, chatId, { operationName: 'Reject' }),
      customer(round.lane, token, 'Complete'),
    ]);
    await round.expectCode(leave, [0], 'the customer leaving');
    await round.expectCode(accept, [0, 2], 'Accept');
    await round.expectCode(reject, [0, 2], 'Reject');
    await round.expect(!(accept?.statusCode === 0 && reject?.statusCode === 0), 'Accept and Reject both won');
    const { chat, parties } = await round.stored(chatId);
    // Neither won: the customer left first and the offer was withdrawn.
    const expected =
      accept?.statusCode === 0 ? 'Chatting' : reject?.statusCode === 0 ? 'Completed' : 'Revoked';
    const state = copyOf(parties, x.id)?.state;
    round.outcome(
      { Chatting: 'Accept won', Completed: 'Reject won', Revoked: 'the customer first' }[expected],
    );
    await round.expect(chat.phase === 'Ended' && state === expected, `X is ${state}, expected ${expected}`);
  },
};

/**
 * X transfers to Y and to Z and invites W at once: one Transfer wins, the Invite only before it.
 * Then the agents invited accept at once (the chat is Offered), with the agent the chat was not
 * transferred to, who holds no copy (6).
 */
export const transferRace: Scenario = {
  name: 'Transfer vs Transfer vs Invite, then Accepts',
  async run(round) {
    const { chatId, agent: x } = await round.accepted();
    const [y, z, w] = others(round, x);
    const [toY, toZ, invite] = await round.race([
      handOver(x, chatId, 'Transfer', y),
      handOver(x, chatId, 'Transfer', z),
      handOver(x, chatId, 'Invite', w),
    ]);
    const won = await round.oneWinner(
      [toY, toZ].flatMap((a) => (a ? [a] : [])),
      [2],
      'two Transfers',
    );
    await round.expectCode(invite, [0, 2], 'Invite');
    const [target, loser] = won === 0 ? [y, z] : [z, y];
    const invited = invite?.statusCode === 0;
    round.outcome(
      `Transfer to ${won === 0 ? 'Y' : 'Z'}${invited ? ' after the Invite' : ', Invite after it'}`,
    );
    let { chat, parties } = await round.stored(chatId);
    const offer = openCopy(parties, target.id);
    await round.expect(
      chat.phase === 'Offered' && copyOf(parties, x.id)?.state === 'Completed',
      'the winning Transfer hands the chat over',
    );
    await round.expect(
      offer?.state === 'Invited' && offer.via === 'Transfer',
      `${target.userName} is offered it`,
    );
    await round.expect(
      copyOf(parties, loser.id) === undefined,
      `the losing Transfer left ${loser.userName} out`,
    );
    await round.expect(
      (openCopy(parties, w.id)?.state === 'Invited') === invited,
      'the Invite is in iff answered 0',
    );
    const accepting = invited ? [target, w] : [target];
    const answers = await round.race([...accepting, loser].map((a) => me(a, chatId, ACCEPT)));
    for (const [i, a] of accepting.entries()) await round.expectCode(answers[i], [0], `${a.userName} Accept`);
    await round.expectCode(answers[accepting.length], [6], `${loser.userName} Accept (no copy)`);
    ({ chat, parties } = await round.stored(chatId));
    const chatting = accepting.every((a) => openCopy(parties, a.id)?.state === 'Chatting');
    await round.expect(chat.phase === 'Active' && chatting, 'every agent who accepted is chatting');
  },
};

/** X invited Y and Z at once; they accept as X leaves: both get in, or the Leave ended it first. */
export const conferenceVsLeave: Scenario = {
  name: 'two Accepts vs Leave',
  async run(round) {
    const { chatId, agent: x } = await round.accepted();
    const [y, z] = others(round, x);
    const invites = await round.race([handOver(x, chatId, 'Invite', y), handOver(x, chatId, 'Invite', z)]);
    for (const a of invites) await round.expectCode(a, [0], 'Invite (two agents at once)');
    const [ay, az, leave] = await round.race([
      me(y, chatId, ACCEPT),
      me(z, chatId, ACCEPT),
      me(x, chatId, { operationName: 'Leave' }),
    ]);
    await round.expectCode(leave, [0], 'Leave');
    await round.expectCode(ay, [0, 2], 'Accept');
    await round.expect(ay?.statusCode === az?.statusCode, 'one Accept got in and the other not');
    const { chat, parties } = await round.stored(chatId);
    const states = [x, y, z].map((a) => copyOf(parties, a.id)?.state).join(' ');
    const expected =
      ay?.statusCode === 0 ? 'Active Completed Chatting Chatting' : 'Ended LeftChat Revoked Revoked';
    round.outcome(ay?.statusCode === 0 ? 'an Accept first' : 'Leave first');
    await round.expect(
      `${chat.phase} ${states}` === expected,
      `${chat.phase} ${states}, expected ${expected}`,
    );
  },
};

/**
 * Four chats, one per agent (routing spreads them): T holds one of its two slots; the three
 * others invite, transfer to and consult T at once. Exactly one takes the slot; the others are
 * refused 19 (InUse, not Contended) and change nothing.
 */
export const capacityEdge: Scenario = {
  name: 'capacity edge',
  async run(round) {
    const chats = [];
    for (let i = 0; i < 4; i++) chats.push(await round.accepted());
    const agents = new Set(chats.map((c) => c.agent.id));
    await round.expect(agents.size === 4, 'routing did not give each agent one chat');
    const [c1, c2, c3, own] = chats as [
      (typeof chats)[0],
      (typeof chats)[0],
      (typeof chats)[0],
      (typeof chats)[0],
    ];
    const t = own.agent;
    const contenders = [c1, c2, c3];
    const answers = await round.race([
      handOver(c1.agent, c1.chatId, 'Invite', t),
      handOver(c2.agent, c2.chatId, 'Transfer', t),
      handOver(c3.agent, c3.chatId, 'Consult', t),
    ]);
    const won = await round.oneWinner(answers, [19], 'three invitations for one free slot');
    round.outcome(`${['Invite', 'Transfer', 'Consult'][won]} took the slot`);
    for (const a of answers)
      await round.expect(!CONTENDED.test(a.statusMessage), `refused as contended: ${a.statusMessage}`);
    for (const [i, c] of contenders.entries()) {
      const { parties } = await round.stored(c.chatId);
      const held = openCopy(parties, t.id)?.state;
      const inviter = copyOf(parties, c.agent.id)?.state;
      if (i === won) await round.expect(held === 'Invited', `the winner's invitation is ${held}`);
      else await round.expect(!held && inviter === 'Chatting', `a refused invitation changed ${c.chatId}`);
    }
  },
};
