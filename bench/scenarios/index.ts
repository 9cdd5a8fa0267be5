/**
 * Every scenario, in the order a full run takes them. To add one: a module exporting a Scenario
 * (bench/scenario.ts) that starts its processes through the context, and a line here.
 */
import type { Scenario } from '../scenario.js';
import { chat } from './chat.js';
import { cluster } from './cluster.js';
import { fanOut } from './fan-out.js';
import { growth } from './growth.js';
import { idleMemory } from './idle-memory.js';
import { latency } from './latency.js';

export const scenarios: readonly Scenario[] = [chat, cluster, growth, fanOut, latency, idleMemory];
