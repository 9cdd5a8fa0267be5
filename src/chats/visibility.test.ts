import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Party, Visibility } from './model.js';
import { canSee, partyVisibility, visibleMessages, visibleParticipants } from './visibility.js';

test('spec §4.2: the customer sees All; agents All and Agents; supervisors everything', () => {
  const all: Visibility[] = ['All', 'Agents', 'Supervisors'];
  assert.deepEqual(
    all.filter((v) => canSee('customer', v)),
    ['All'],
  );
  assert.deepEqual(
    all.filter((v) => canSee('agent', v)),
    ['All', 'Agents'],
  );
  assert.deepEqual(
    all.filter((v) => canSee('supervisor', v)),
    all,
  );
});

const party = (
  participantId: string,
  role: Party['role'],
  mode: Party['mode'],
  state: Party['state'] = 'Chatting',
): Party => ({
  chatId: 'c',
  participantId,
  role,
  userId: role === 'customer' ? null : participantId,
  nickname: participantId,
  state,
  mode,
  invitedAt: 0,
  offerExpiresAt: null,
  via: role === 'customer' ? 'Request' : role === 'agent' ? 'Routing' : 'Monitoring',
  monitoredAgentId: null,
});

test('spec §4.3: a supervisor is visible per its mode; others are All', () => {
  assert.equal(partyVisibility(party('s', 'supervisor', 'Monitor')), 'Supervisors');
  assert.equal(partyVisibility(party('s', 'supervisor', 'Coach')), 'Agents');
  assert.equal(partyVisibility(party('s', 'supervisor', 'BargeIn')), 'All');
  assert.equal(partyVisibility(party('a', 'agent', null)), 'All');
});

test('showMonitoringToAgents: a Monitor supervisor shown to agents is Agents, never All', () => {
  const shown = { ...party('s', 'supervisor', 'Monitor'), shownToAgents: true as const };
  assert.equal(partyVisibility(shown), 'Agents');
  assert.deepEqual(visibleParticipants('agent', [shown]), [shown]);
  assert.deepEqual(visibleParticipants('customer', [shown]), []);
  // The mark means nothing outside Monitor.
  assert.equal(partyVisibility({ ...shown, mode: 'BargeIn' }), 'All');
  assert.equal(partyVisibility({ ...shown, mode: 'Coach' }), 'Agents');
});

test('participant lists: present parties only, filtered by what the viewer may see', () => {
  const parties = [
    party('cust', 'customer', null),
    party('agent', 'agent', null),
    party('mon', 'supervisor', 'Monitor'),
    party('coach', 'supervisor', 'Coach'),
    party('barge', 'supervisor', 'BargeIn'),
    party('invited', 'supervisor', 'BargeIn', 'Invited'),
    party('gone', 'agent', null, 'Completed'),
  ];
  const ids = (viewer: Party['role']) => visibleParticipants(viewer, parties).map((p) => p.participantId);
  assert.deepEqual(ids('customer'), ['cust', 'agent', 'barge']);
  assert.deepEqual(ids('agent'), ['cust', 'agent', 'coach', 'barge']);
  assert.deepEqual(ids('supervisor'), ['cust', 'agent', 'mon', 'coach', 'barge']);
});

test('transcripts are filtered the same way', () => {
  const messages = (['All', 'Agents', 'Supervisors', 'All'] as Visibility[]).map((visibility, i) => ({
    index: i + 1,
    visibility,
  }));
  assert.deepEqual(
    visibleMessages('customer', messages).map((m) => m.index),
    [1, 4],
  );
  assert.deepEqual(
    visibleMessages('agent', messages).map((m) => m.index),
    [1, 2, 4],
  );
  assert.deepEqual(
    visibleMessages('supervisor', messages).map((m) => m.index),
    [1, 2, 3, 4],
  );
});
