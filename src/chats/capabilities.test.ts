import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allows, capabilities } from './capabilities.js';

test('agent capabilities by state (spec §3.3)', () => {
  assert.deepEqual(capabilities({ state: 'Invited', role: 'agent', mode: null, agentAudience: false }), [
    'Accept',
    'Reject',
  ]);
  const chatting = capabilities({ state: 'Chatting', role: 'agent', mode: null, agentAudience: false });
  assert.ok(chatting.includes('SendMessage') && chatting.includes('Complete') && chatting.includes('Leave'));
  assert.ok(!chatting.includes('SendToAgents'), 'no *ToAgents without an agent audience');
  assert.ok(
    capabilities({ state: 'Chatting', role: 'agent', mode: null, agentAudience: true }).includes(
      'SendToAgents',
    ),
  );
  const left = capabilities({ state: 'LeftChat', role: 'agent', mode: null, agentAudience: false });
  assert.ok(left.includes('Complete') && left.includes('SetDisposition') && !left.includes('SendMessage'));
  assert.deepEqual(capabilities({ state: 'Completed', role: 'agent', mode: null, agentAudience: false }), []);
  assert.deepEqual(
    capabilities({ state: 'Revoked', role: 'supervisor', mode: 'Monitor', agentAudience: false }),
    [],
  );
});

test('supervisor capabilities by mode (spec §3.4 canonical sets)', () => {
  const of = (mode: 'Monitor' | 'Coach' | 'BargeIn') =>
    capabilities({ state: 'Chatting', role: 'supervisor', mode, agentAudience: true });
  assert.deepEqual(of('Monitor'), [
    'Leave',
    'SetInFocus',
    'SetDisposition',
    'AttachUserData',
    'DeleteUserData',
    'UpdateUserData',
    'SwitchToCoach',
    'SwitchBargeIn',
  ]);
  assert.ok(of('Coach').includes('SendToAgents') && !of('Coach').includes('SendMessage'));
  assert.deepEqual(of('Coach').slice(-2), ['SwitchToMonitor', 'SwitchBargeIn']);
  assert.ok(of('BargeIn').includes('SendMessage') && of('BargeIn').includes('SendToAgents'));
  assert.deepEqual(of('BargeIn').slice(-2), ['SwitchToMonitor', 'SwitchToCoach']);
});

test('operation aliases: InFocus and SwitchToBargeIn', () => {
  assert.ok(allows(['SetInFocus'], 'InFocus'));
  assert.ok(allows(['SwitchBargeIn'], 'SwitchToBargeIn'));
  assert.ok(allows(['SwitchBargeIn'], 'SwitchBargeIn'));
  assert.ok(!allows(['SwitchToCoach'], 'SwitchToBargeIn'));
});
