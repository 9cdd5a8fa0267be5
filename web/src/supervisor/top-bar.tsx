/** The console's top bar: who is signed in, the notification connection, and Sign out. */
import { useState } from 'preact/hooks';
import { displayName } from '../lib/display-name.js';
import type { User } from '../lib/gws.js';
import { describeError } from '../lib/gws.js';
import type { Connection } from '../lib/notifications.js';

const CONNECTION: Record<Connection, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  disconnected: 'Disconnected, reconnecting…',
};

export function TopBar(props: { user: User; connection?: Connection; onSignOut: () => Promise<void> }) {
  const [error, setError] = useState('');
  const { firstName = '', lastName = '', userName } = props.user;
  const signOut = async () => {
    setError('');
    try {
      await props.onSignOut();
    } catch (failure) {
      setError(`Sign out failed: ${describeError(failure)}`);
    }
  };
  return (
    <header class="topbar supervisor-topbar">
      <h1>Supervisor console</h1>
      <span class="user-display">{displayName({ firstName, lastName, userName })}</span>
      {props.connection && (
        <p class={`connection connection-${props.connection}`} role="status">
          <span class="dot" aria-hidden="true" />
          {CONNECTION[props.connection]}
        </p>
      )}
      <span class="spacer" />
      <button type="button" class="secondary" onClick={() => void signOut()}>
        Sign out
      </button>
      <p role="alert" class="error topbar-error">
        {error}
      </p>
    </header>
  );
}
