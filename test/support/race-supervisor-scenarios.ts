/**
 * Races with supervisors in them (spec §2.1, §4; README "Supervision"), each judged against the
 * store and, where the audit records an action per success, against the audit trail.
 */
import type { LaneUser } from './race-lane.js';
import { customer, handOver, intrude, me } from './race-lane.js';
import type { Round, Scenario } from './race-round.js';
import { copyOf, openCopy } from './race-round.js';

const ACCEPT = { operationName: 'Accept' };
const COMPLETE = { operationName: 'Complete' };

function supervisorsOf(round: Round): [LaneUser, LaneUser] {
  return round.lane.supervisors as [LaneUser, LaneUser];
}

/**
 * S intrudes twice (Monitor, Coach) as T intrudes (BargeIn): S gets one copy, T its own. Then S
 * accepts twice and T once — every other round as the agent completes the chat, which revokes
 * both whenever they got in.
 */
export const doubleIntrude: Scenario = {
  name: 'double Intrude, double Accept',
  async run(round) {
    const { chatId, agent: x } = await round.accepted();
    const [s, t] = supervisorsOf(round);
    const [monitor, coach, barge] = await round.race([
      intrude(s, x, chatId, 'Monitor'),
      intrude(s, x, chatId, 'Coach'),
      intrude(t, x, chatId, 'BargeIn'),
    ]);
    const won = await round.oneWinner(
      [monitor, coach].flatMap((a) => (a ? [a] : [])),
      [2],
      'S intruding twice',
    );
    await round.expectCode(barge, [0], "T's Intrude");
    let { chat, parties } = await round.stored(chatId);
    const mode = won === 0 ? 'Monitor' : 'Coach';
    const sCopy = openCopy(parties, s.id);
    await round.expect(sCopy?.state === 'Invited' && sCopy.mode === mode, `S is invited in ${mode}`);
    await round.expect(openCopy(parties, t.id)?.mode === 'BargeIn', 'T is invited in BargeIn');
    await round.expect(chat.phase === 'Active', `an Intrude changed the chat to ${chat.phase}`);
    const completing = round.serial % 2 === 1;
    round.outcome(`Intrude ${mode} won${completing ? ', Accepts vs Complete' : ''}`);
    const answers = await round.race([
      me(s, chatId, ACCEPT),
      me(s, chatId, ACCEPT),
      me(t, chatId, ACCEPT),
      ...(completing ? [me(x, chatId, COMPLETE)] : []),
    ]);
    for (const a of answers.slice(0, 3)) await round.expectCode(a, [0, 2], 'a supervisor Accept');
    const sAccepted = answers.slice(0, 2).filter((a) => a.statusCode === 0).length;
    await round.expect(sAccepted <= 1, 'S accepted its one invitation twice');
    ({ chat, parties } = await round.stored(chatId));
    const states = `${chat.phase} ${copyOf(parties, s.id)?.state} ${copyOf(parties, t.id)?.state}`;
    if (completing) {
      await round.expectCode(answers[3], [0], 'the agent completing');
      await round.expect(states === 'Ended Revoked Revoked', `${states}: the agent's Complete revokes both`);
    } else {
      await round.expect(
        sAccepted === 1 && answers[2]?.statusCode === 0,
        'an Accept of an invitation failed',
      );
      await round.expect(states === 'Active Chatting Chatting', `${states}, expected both supervisors in`);
      await round.expect(openCopy(parties, s.id)?.mode === mode, `S joined in another mode than ${mode}`);
    }
  },
};

/**
 * S monitors (Intrude, Accept), then switches to Coach and to BargeIn as it leaves — or, every
 * other round, as the agent completes. The ending always wins; each switch only before it, and
 * the audit holds one Switch per switch answered 0.
 */
export const switchVsLeave: Scenario = {
  name: 'Switch vs Leave',
  async run(round) {
    const { chatId, agent: x } = await round.accepted();
    const [s] = supervisorsOf(round);
    await round.setup(intrude(s, x, chatId, 'Monitor'));
    await round.setup(me(s, chatId, ACCEPT));
    const byAgent = round.serial % 2 === 1;
    const [coach, barge, end] = await round.race([
      me(s, chatId, { operationName: 'SwitchToCoach' }),
      me(s, chatId, { operationName: 'SwitchToBargeIn' }),
      byAgent ? me(x, chatId, COMPLETE) : me(s, chatId, { operationName: 'Leave' }),
    ]);
    await round.expectCode(end, [0], byAgent ? 'the agent completing' : 'the supervisor leaving');
    for (const a of [coach, barge]) await round.expectCode(a, [0, 2], 'a switch');
    const { parties } = await round.stored(chatId);
    const state = copyOf(parties, s.id)?.state;
    await round.expect(state === (byAgent ? 'Revoked' : 'Completed'), `S is ${state}`);
    const audit = await round.lane.d.store.audit.list(
      round.lane.contactCenterId,
      { chatId, supervisorId: s.id },
      100,
    );
    const switched = [coach, barge].filter((a) => a?.statusCode === 0).length;
    round.outcome(`${switched} switch(es) before the ${byAgent ? 'Complete' : 'Leave'}`);
    const audited = audit.filter((e) => e.action === 'Switch').length;
    await round.expect(audited === switched, `${audited} switches audited, ${switched} answered 0`);
    const ending = audit.filter((e) => e.action === (byAgent ? 'Revoked' : 'Leave')).length;
    await round.expect(ending === 1, `the supervisor's end audited ${ending} times`);
  },
};

/**
 * X (coached by S) transfers to Y as S transfers for X to Z and X completes: exactly one wins.
 * A Transfer revokes S (its agent left) or, when S made it, completes S's copy too.
 */
export const transferVsComplete: Scenario = {
  name: 'Transfer vs Complete',
  async run(round) {
    const { chatId, agent: x } = await round.accepted();
    const [s] = supervisorsOf(round);
    const [y, z] = round.lane.agents.filter((a) => a.id !== x.id) as [LaneUser, LaneUser];
    await round.setup(intrude(s, x, chatId, 'Coach'));
    await round.setup(me(s, chatId, ACCEPT));
    const answers = await round.race([
      handOver(x, chatId, 'Transfer', y),
      handOver(s, chatId, 'Transfer', z),
      me(x, chatId, COMPLETE),
    ]);
    const won = await round.oneWinner(answers, [2], "Transfer, the supervisor's Transfer and Complete");
    const { chat, parties } = await round.stored(chatId);
    const offered = [y, z].map((a) => openCopy(parties, a.id)?.state ?? '-').join(' ');
    const states = `${chat.phase} ${copyOf(parties, x.id)?.state} ${copyOf(parties, s.id)?.state} ${offered}`;
    round.outcome(`${["the agent's Transfer", "the supervisor's Transfer", 'Complete'][won]} won`);
    const expected = [
      'Offered Completed Revoked Invited -',
      'Offered Completed Completed - Invited',
      'Ended Completed Revoked - -',
    ][won];
    await round.expect(states === expected, `phase, X, S, Y, Z: ${states}, expected ${expected}`);
  },
};

/**
 * T has intruded (Invited); it accepts as the customer leaves. Either T got in first (it stays
 * with the agent, spec §4.5) or its Accept meets a chat over for the customer (JoinFailed); the
 * cleanup then finds out whether that copy can still be ended (race-cleanup.ts: a known bug).
 */
export const intrudeVsCustomer: Scenario = {
  name: 'supervisor Accept vs customer Complete',
  async run(round) {
    const { chatId, token, agent: x } = await round.accepted();
    const [, t] = supervisorsOf(round);
    await round.setup(intrude(t, x, chatId, 'BargeIn'));
    const [accept, leave] = await round.race([
      me(t, chatId, ACCEPT),
      customer(round.lane, token, 'Complete'),
    ]);
    await round.expectCode(leave, [0], 'the customer leaving');
    await round.expectCode(accept, [0], "T's Accept");
    const { chat, parties } = await round.stored(chatId);
    const state = copyOf(parties, t.id)?.state ?? '-';
    round.outcome(state === 'Chatting' ? 'Accept first' : `the customer first (${state})`);
    await round.expect(chat.phase === 'Ended', `the chat is ${chat.phase} after the customer left`);
    await round.expect(['Chatting', 'JoinFailed'].includes(state), `T is ${state}`);
    await round.expect(copyOf(parties, x.id)?.state === 'Chatting', 'the agent stays until it completes');
  },
};
