/**
 * `/supervisor/`: the supervisor console (README "Supervision", "The live board"). Resumes the
 * browser's session or asks to sign in, then shows the console; a session that ends (Sign out,
 * expiry, ended elsewhere) comes back to the sign-in form.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../ui/console.css';
import './supervisor.css';
import type { User } from '../lib/gws.js';
import { describeError, Gws } from '../lib/gws.js';
import { SignIn } from '../ui/sign-in.js';
import { Console } from './console.js';

const gws = new Gws();

function SupervisorConsole() {
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
        <SignIn gws={gws} title="Supervisor console" onSignedIn={setUser} />
        {error && (
          <p role="alert" class="error resume-error">
            The session could not be resumed: {error}
          </p>
        )}
      </>
    );
  return <Console key={user.id} gws={gws} user={user} onSignedOut={() => setUser(null)} />;
}

render(<SupervisorConsole />, document.getElementById('app')!);
