/**
 * The sign-in gate every console page stands behind: it resumes the browser's session or asks to
 * sign in, then shows the page for that user; a session that ends (Sign out, expiry, ended
 * elsewhere) comes back to the sign-in form.
 */
import type { ComponentChildren } from 'preact';
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Gws, User } from '../lib/gws.js';
import { describeError } from '../lib/gws.js';
import { SignIn } from './sign-in.js';

export interface Session {
  /** undefined while the resume is out; null when nobody is signed in. */
  readonly user: User | null | undefined;
  /** Why the session could not be resumed ('' when it could, or there was none). */
  readonly error: string;
  readonly signedIn: (user: User) => void;
  readonly signedOut: () => void;
}

export function useSession(gws: Gws): Session {
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [error, setError] = useState('');
  useEffect(() => {
    gws.resume().then(setUser, (failure: unknown) => {
      setError(describeError(failure));
      setUser(null);
    });
  }, [gws]);
  return { user, error, signedIn: setUser, signedOut: () => setUser(null) };
}

export function SessionGate(props: {
  gws: Gws;
  title: string;
  children: (user: User, signedOut: () => void) => ComponentChildren;
}) {
  const { user, error, signedIn, signedOut } = useSession(props.gws);
  if (user === undefined)
    return (
      <p class="muted loading" role="status">
        Loading…
      </p>
    );
  if (user === null)
    return (
      <>
        <SignIn gws={props.gws} title={props.title} onSignedIn={signedIn} />
        {error && (
          <p role="alert" class="error resume-error">
            The session could not be resumed: {error}
          </p>
        )}
      </>
    );
  // Keyed on the user: another sign-in starts the page afresh, never with the last user's state.
  return <Fragment key={user.id}>{props.children(user, signedOut)}</Fragment>;
}
