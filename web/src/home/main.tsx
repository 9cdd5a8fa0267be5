/**
 * `/`: sign in, then go to the screen the user's roles give — the supervisor console for
 * ROLE_SUPERVISOR, the agent desk for ROLE_AGENT — with links to both and to the widget demo.
 */
import { render } from 'preact';
import '../ui/console.css';
import type { User } from '../lib/gws.js';
import { Gws } from '../lib/gws.js';
import { SessionGate } from '../ui/session-gate.js';

const gws = new Gws();

function Home({ user }: { user: User }) {
  const agent = user.roles.includes('ROLE_AGENT');
  const supervisor = user.roles.includes('ROLE_SUPERVISOR');
  return (
    <main class="sign-in">
      <h1>Parley</h1>
      <p>Signed in as {user.userName}.</p>
      <nav aria-label="Screens">
        <ul>
          {agent && (
            <li>
              <a href="/agent/">Agent desk</a>
            </li>
          )}
          {supervisor && (
            <li>
              <a href="/supervisor/">Supervisor console</a>
            </li>
          )}
          <li>
            <a href="/demo/">Customer widget demo</a>
          </li>
          <li>
            <a href="/api/v2/docs">API reference</a>
          </li>
        </ul>
      </nav>
      {!agent && !supervisor && <p class="muted">This account has no agent or supervisor role.</p>}
    </main>
  );
}

render(
  <SessionGate gws={gws} title="Parley">
    {(user) => <Home user={user} />}
  </SessionGate>,
  document.getElementById('app')!,
);
