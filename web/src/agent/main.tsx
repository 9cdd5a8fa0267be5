/**
 * `/agent/`: the agent desk (README "Agents: presence and chats", "Collaboration"). Resumes the
 * browser's session or asks to sign in, then shows the desk; a session that ends (Sign out,
 * expiry, ended elsewhere) comes back to the sign-in form.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../ui/console.css';
import './desk.css';
import type { User } from '../lib/gws.js';
import { describeError, Gws } from '../lib/gws.js';
import { SignIn } from '../ui/sign-in.js';
import { Desk } from './desk.js';

const gws = new Gws();

function AgentDesk() {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    gws.resume().then(setUser, (failure: unknown) => {
      setError(describeError(failure));
      setUser(null);
    });
  }, []);
  if (user === undefined)
    return (
      <p class="muted loading" role="status">
        Loading…
      </p>
    );
  if (user === null)
    return (
      <>
        <SignIn gws={gws} title="Agent desk" onSignedIn={setUser} />
        {error && (
          <p role="alert" class="error resume-error">
            The session could not be resumed: {error}
          </p>
        )}
      </>
    );
  return <Desk key={user.id} gws={gws} user={user} onSignedOut={() => setUser(null)} />;
}

render(<AgentDesk />, document.getElementById('app')!);
