/**
 * The supervisor console's other pure modules: the audit trail's rows and paging
 * (web/src/supervisor/audit-model.ts) and what a supervisor's copy says of its mode and switches
 * (web/src/supervisor/modes.ts, spec §3.4, §4.3).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fromResource, withMessages } from '../../web/src/lib/chat-copy.js';
import {
  auditPath,
  auditRows,
  entriesOf,
  KEEP,
  modeChange,
  unnamed,
} from '../../web/src/supervisor/audit-model.js';
import { customerOf, modeOf, switchesOf } from '../../web/src/supervisor/modes.js';

const entry = (id: number, action: string, fromMode: string | null, toMode: string | null) => ({
  id,
  timestamp: '2026-01-01 10:00:00.000+0000',
  timestampSeconds: 1_767_261_600_000 + id,
  supervisorId: 'sam-id',
  agentId: 'ann-id',
  chatId: action === 'Subscribe' ? null : 'CHAT1',
  action,
  fromMode,
  toMode,
});

describe('the audit trail', () => {
  test('rows are newest first, ids named, modes as from → to', () => {
    const entries = entriesOf({
      statusCode: 0,
      entries: [
        entry(1, 'Subscribe', null, 'Coach'),
        entry(2, 'Intrude', null, 'Monitor'),
        entry(3, 'Switch', 'Monitor', 'BargeIn'),
        entry(4, 'Leave', 'BargeIn', null),
      ],
    });
    const names = new Map([
      ['sam-id', 'Sam (you)'],
      ['ann-id', 'Ann Lee'],
    ]);
    assert.deepEqual(
      auditRows(entries, names).map((r) => [r.action, r.supervisor, r.agent, r.chat, r.modes]),
      [
        ['Leave', 'Sam (you)', 'Ann Lee', 'CHAT1', 'Barge in → —'],
        ['Switch', 'Sam (you)', 'Ann Lee', 'CHAT1', 'Monitor → Barge in'],
        ['Intrude', 'Sam (you)', 'Ann Lee', 'CHAT1', '— → Monitor'],
        ['Subscribe', 'Sam (you)', 'Ann Lee', '—', '— → Coach'],
      ],
    );
    assert.equal(modeChange(null, null), '', 'an action with no mode shows none');
    assert.deepEqual(unnamed(entries, new Map([['ann-id', 'Ann']])), ['sam-id']);
    assert.equal(auditRows(entries, new Map())[0]?.supervisor, 'sam-id', 'an unknown id shows as itself');
  });

  test('malformed entries are left out; only the latest are kept', () => {
    assert.deepEqual(entriesOf({ entries: [{ id: 'x' }, { action: 'Leave' }] }), []);
    assert.deepEqual(entriesOf({}), []);
    const many = entriesOf({
      entries: Array.from({ length: KEEP + 10 }, (_, i) => entry(i + 1, 'Join', null, 'Monitor')),
    });
    const rows = auditRows(many, new Map());
    assert.equal(rows.length, KEEP);
    assert.equal(rows[0]?.id, KEEP + 10);
  });

  test('pages are asked by agent and after the last id read', () => {
    assert.equal(auditPath('', undefined), '/parley/v1/supervision/audit?limit=1000');
    assert.equal(
      auditPath('ann id', 42),
      '/parley/v1/supervision/audit?limit=1000&agentId=ann+id&afterId=42',
    );
  });
});

describe('a supervisor copy', () => {
  const base = { id: 'CHAT1', state: 'Chatting', userData: {} };
  const me = { nickname: 'sam', type: 'Agent', participantId: 'p3', uri: 'http://x/api/v2/users/sam-id' };
  const customer = { nickname: 'Chris', type: 'Customer', participantId: 'p1', visibility: 'All' };

  test('the mode is the copy’s supervisorMode, else its own participant’s visibility', () => {
    assert.equal(
      modeOf(fromResource({ ...base, supervisorMode: 'Coach', participants: [] }), 'sam-id'),
      'Coach',
    );
    const byVisibility = (visibility: string) =>
      modeOf(fromResource({ ...base, participants: [{ ...me, visibility }] }), 'sam-id');
    assert.deepEqual(['Supervisors', 'Agents', 'All'].map(byVisibility), ['Monitor', 'Coach', 'BargeIn']);
    assert.equal(modeOf(fromResource({ ...base, participants: [customer] }), 'sam-id'), undefined);
  });

  test('switches follow the capabilities; barge-in is sent as the capability prints it', () => {
    const copy = (capabilities: string[]) => fromResource({ ...base, capabilities });
    assert.deepEqual(switchesOf(copy(['Leave', 'SwitchToCoach', 'SwitchBargeIn'])), [
      { mode: 'Coach', operationName: 'SwitchToCoach' },
      { mode: 'BargeIn', operationName: 'SwitchBargeIn' },
    ]);
    assert.deepEqual(switchesOf(copy(['SwitchToMonitor', 'SwitchToBargeIn'])), [
      { mode: 'Monitor', operationName: 'SwitchToMonitor' },
      { mode: 'BargeIn', operationName: 'SwitchToBargeIn' },
    ]);
    assert.deepEqual(switchesOf(copy(['Leave'])), []);
  });

  test('the customer is named by the participants, else by a line it wrote', () => {
    assert.equal(customerOf(fromResource({ ...base, participants: [me, customer] })), 'Chris');
    const invited = withMessages(fromResource({ ...base, state: 'Invited', participants: [] }), [
      { index: 1, type: 'ParticipantJoined', from: customer, visibility: 'All', timestampSeconds: 1 },
    ] as never);
    assert.equal(customerOf(invited), 'Chris');
    assert.equal(customerOf(fromResource({ ...base, participants: [] })), undefined);
  });
});
