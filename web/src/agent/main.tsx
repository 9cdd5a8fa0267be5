/**
 * `/agent/`: the agent desk (README "Agents: presence and chats", "Collaboration"), behind the
 * sign-in gate.
 */
import { render } from 'preact';
import '../ui/console.css';
import './desk.css';
import { Gws } from '../lib/gws.js';
import { SessionGate } from '../ui/session-gate.js';
import { Desk } from './desk.js';

const gws = new Gws();

render(
  <SessionGate gws={gws} title="Agent desk">
    {(user, signedOut) => <Desk gws={gws} user={user} onSignedOut={signedOut} />}
  </SessionGate>,
  document.getElementById('app')!,
);
