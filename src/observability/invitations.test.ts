import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Party, PartyState, PartyVia } from '../chats/model.js';
import { invitationChanges } from './invitations.js';

const party = (id: string, state: PartyState, via: PartyVia = 'Routing'): Party => ({
  chatId: 'c1',
  participantId: id,
  role: via === 'Intrude' ? 'supervisor' : 'agent',
  userId: `u-${id}`,
  nickname: id,
  state,
  mode: null,
  via,
  monitoredAgentId: null,
  invitedAt: 1,
  offerExpiresAt: state === 'Invited' ? 2 : null,
});

test('a party that becomes Invited was offered the chat, by how it came in', () => {
  assert.deepEqual(invitationChanges([], [party('a', 'Invited'), party('s', 'Invited', 'Intrude')]), [
    { event: 'offered', via: 'Routing' },
    { event: 'offered', via: 'Intrude' },
  ]);
});

test('Invited → Chatting is an accept, Invited → Completed a reject', () => {
  const before = [party('a', 'Invited', 'Transfer'), party('b', 'Invited', 'Consult')];
  assert.deepEqual(
    invitationChanges(before, [party('a', 'Chatting', 'Transfer'), party('b', 'Completed', 'Consult')]),
    [
      { event: 'accepted', via: 'Transfer' },
      { event: 'rejected', via: 'Consult' },
    ],
  );
});

test('other changes are no invitation outcome: a withdrawal (the sweep counts timeouts), a chatting party leaving', () => {
  const before = [party('a', 'Invited'), party('b', 'Chatting'), party('c', 'Invited')];
  assert.deepEqual(
    invitationChanges(before, [party('a', 'Revoked'), party('b', 'Completed'), party('c', 'Invited')]),
    [],
  );
});
