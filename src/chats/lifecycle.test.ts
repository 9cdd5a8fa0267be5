import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../errors.js';
import { isFinal, nextPartyState, nextPhase } from './lifecycle.js';
import type { PartyState } from './model.js';

test('a party copy follows spec §3.2', () => {
  assert.equal(nextPartyState('Invited', 'accept'), 'Chatting');
  assert.equal(nextPartyState('Invited', 'reject'), 'Completed');
  assert.equal(nextPartyState('Invited', 'withdraw'), 'Revoked');
  assert.equal(nextPartyState('Chatting', 'leaveLast'), 'LeftChat');
  assert.equal(nextPartyState('Chatting', 'leave'), 'Completed');
  assert.equal(nextPartyState('LeftChat', 'complete'), 'Completed');
  assert.equal(nextPartyState('Chatting', 'revoke'), 'Revoked');
  assert.equal(nextPartyState('JoinFailed', 'complete'), 'Completed');
});

test('final copies accept nothing; invalid events are statusCode 2', () => {
  for (const state of ['Completed', 'Revoked'] as PartyState[]) {
    assert.ok(isFinal(state));
    for (const event of ['accept', 'reject', 'leave', 'complete', 'revoke'] as const) {
      assert.throws(
        () => nextPartyState(state, event),
        (e: unknown) => e instanceof DomainError && e.code === 'InvalidState',
      );
    }
  }
  assert.throws(() => nextPartyState('Invited', 'complete'), /Cannot complete a chat in state Invited/);
  assert.throws(() => nextPartyState('LeftChat', 'leave'));
});

test('the interaction: queued, offered, active, requeued, ended', () => {
  assert.equal(nextPhase('Queued', 'offer'), 'Offered');
  assert.equal(nextPhase('Offered', 'decline'), 'Queued');
  assert.equal(nextPhase('Offered', 'accept'), 'Active');
  assert.equal(nextPhase('Active', 'requeue'), 'Queued');
  assert.equal(nextPhase('Queued', 'end'), 'Ended');
  assert.throws(() => nextPhase('Ended', 'offer'));
  assert.throws(() => nextPhase('Queued', 'accept'), /Cannot accept a chat that is Queued/);
});
