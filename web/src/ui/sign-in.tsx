/** The sign-in form every console screen starts from (Basic once, then the session cookie). */
import { useState } from 'preact/hooks';
import type { Gws, User } from '../lib/gws.js';
import { describeError } from '../lib/gws.js';

export function SignIn(props: { gws: Gws; title: string; onSignedIn: (user: User) => void }) {
  const [userName, setUserName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onSignedIn(await props.gws.login(userName.trim(), password));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <h1>{props.title}</h1>
      <form onSubmit={submit}>
        <label for="sign-in-user">User name</label>
        <input
          id="sign-in-user"
          autocomplete="username"
          value={userName}
          onInput={(e) => setUserName(e.currentTarget.value)}
          required
        />
        <label for="sign-in-password">Password</label>
        <input
          id="sign-in-password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
          required
        />
        <button type="submit" disabled={busy}>
          Sign in
        </button>
        <p role="alert" class="error">
          {error}
        </p>
      </form>
    </main>
  );
}
