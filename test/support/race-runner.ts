/**
 * Runs the race suite's rounds in a lane: each round one scenario (in turn, each lane starting at
 * another one, so different races run side by side), then the store invariants of every chat it
 * made (race-invariants.ts), every party's view (race-views.ts), the closing of its chats
 * (race-cleanup.ts) and, once they are closed, that no agent holds a slot any more.
 */
import {
  acceptVsComplete,
  capacityEdge,
  conferenceVsLeave,
  offerVsCustomer,
  transferRace,
} from './race-agent-scenarios.js';
import { closeRound } from './race-cleanup.js';
import { checkCapacity, checkChat } from './race-invariants.js';
import type { Lane } from './race-lane.js';
import type { Scenario } from './race-round.js';
import { Round } from './race-round.js';
import {
  doubleIntrude,
  intrudeVsCustomer,
  switchVsLeave,
  transferVsComplete,
} from './race-supervisor-scenarios.js';
import { checkViews } from './race-views.js';

export const SCENARIOS: readonly Scenario[] = [
  doubleIntrude,
  acceptVsComplete,
  offerVsCustomer,
  transferRace,
  conferenceVsLeave,
  capacityEdge,
  switchVsLeave,
  transferVsComplete,
  intrudeVsCustomer,
];

/** A small seeded generator (mulberry32): a run's shuffles replay from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function runLane(lane: Lane, rounds: number, random: () => number): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const scenario = SCENARIOS[(lane.index + i) % SCENARIOS.length] as Scenario;
    const round = new Round(lane, scenario.name, i, random);
    lane.d.tally.round(scenario.name);
    await scenario.run(round);
    const stored = await Promise.all(round.chats.map((c) => round.stored(c.chatId)));
    for (const s of stored) await checkChat(round, s);
    await checkCapacity(round);
    await checkViews(round, stored, i % SCENARIOS.length === SCENARIOS.length - 1 || i === rounds - 1);
    await closeRound(round);
    await checkCapacity(round, true);
  }
}
