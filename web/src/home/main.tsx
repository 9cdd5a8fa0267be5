/**
 * `/`: sign in, then go to the screen the user's roles give — the supervisor console for
 * ROLE_SUPERVISOR, the agent desk for ROLE_AGENT — with links to both and to the widget demo.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../ui/console.css';
import type { User } from '../lib/gws.js';
import { Gws } from '../lib/gws.js';
import { SignIn } from '../ui/sign-in.js';

const gws = new Gws();

function Home() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    gws.resume().then(setUser, () => setUser(null));
  }, []);
  if (user === undefined) return <p class="muted">Loading…</p>;
  if (user === null) return <SignIn gws={gws} title="Parley" onSignedIn={setUser} />;
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

render(<Home />, document.getElementById('app')!);
