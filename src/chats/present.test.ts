/**
 * The supervisor-mode extension on participant views (present.ts): whoever may see a supervisor
 * learns its mode; a viewer who may not see it learns nothing, not even from an old message.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message, Party, SupervisorMode, Visibility } from './model.js';
import { presentMessage, presentParticipant } from './present.js';

const links = (path: string) => `http://parley.test/api/v2${path}`;

const supervisor = (mode: SupervisorMode): Party => ({
  chatId: '0000AB12CD34EF56',
  participantId: '00000000000000S1',
  role: 'supervisor',
  userId: 'u-sam',
  nickname: 'sam',
  state: 'Chatting',
  mode,
  invitedAt: 0,
  offerExpiresAt: null,
  via: 'Monitoring',
  monitoredAgentId: 'u-ann',
});

const whisper = (visibility: Visibility): Message => ({
  chatId: '0000AB12CD34EF56',
  index: 4,
  type: 'Text',
  from: '00000000000000S1',
  visibility,
  text: 'offer the discount',
  url: null,
  noticeText: null,
  messageType: null,
  treatAs: null,
  createdAt: 1_700_000_000_000,
});

test('a supervisor’s participant entry names its mode, at the visibility of that mode', () => {
  for (const [mode, visibility] of [
    ['Monitor', 'Supervisors'],
    ['Coach', 'Agents'],
    ['BargeIn', 'All'],
  ] as const) {
    const view = presentParticipant(supervisor(mode), links);
    assert.equal(view.supervisorMode, mode);
    assert.equal(view.visibility, visibility);
  }
});

test('an agent sees a coaching supervisor’s whisper from "Coach"', () => {
  const seen = presentMessage('agent', whisper('Agents'), supervisor('Coach'), links);
  assert.deepEqual(seen.from, {
    nickname: 'sam',
    type: 'Agent',
    participantId: '00000000000000S1',
    id: '00000000000000S1',
    visibility: 'Agents',
    supervisorMode: 'Coach',
    uri: 'http://parley.test/api/v2/users/u-sam',
    path: '/users/u-sam',
  });
});

test('a whisper from a supervisor now monitoring tells the agent neither the mode nor the visibility', () => {
  const seen = presentMessage('agent', whisper('Agents'), supervisor('Monitor'), links);
  assert.equal('visibility' in seen.from && seen.from.visibility, 'Agents');
  assert.equal('supervisorMode' in seen.from, false);
  assert.ok(!JSON.stringify(seen).includes('Monitor'), JSON.stringify(seen));
  assert.ok(!JSON.stringify(seen).includes('Supervisors'), JSON.stringify(seen));
  // The supervisor itself still sees its own mode.
  const own = presentMessage('supervisor', whisper('Agents'), supervisor('Monitor'), links).from;
  assert.equal('supervisorMode' in own && own.supervisorMode, 'Monitor');
});
