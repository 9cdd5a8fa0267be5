/**
 * `/supervisor/`: the supervisor console (README "Supervision", "The live board"), behind the
 * sign-in gate.
 */
import { render } from 'preact';
import '../ui/console.css';
import './supervisor.css';
import { Gws } from '../lib/gws.js';
import { SessionGate } from '../ui/session-gate.js';
import { Console } from './console.js';

const gws = new Gws();

render(
  <SessionGate gws={gws} title="Supervisor console">
    {(user, signedOut) => <Console gws={gws} user={user} onSignedOut={signedOut} />}
  </SessionGate>,
  document.getElementById('app')!,
);
