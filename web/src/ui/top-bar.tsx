/**
 * The top bar of the desk and the console: the screen's name, who is signed in, what the screen
 * puts beside them (the desk's availability), the notification connection, and Sign out — which,
 * given a `confirm` question (chats still open), asks once more first. One error line serves the
 * bar, over the page so it never pushes the screen down.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { displayName } from '../lib/display-name.js';
import type { User } from '../lib/gws.js';
import { describeError } from '../lib/gws.js';
import type { Connection } from '../lib/notifications.js';

const CONNECTION: Record<Connection, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected, reconnecting…',
};

export function TopBar(props: {
  title: string;
  user: User;
  /** Absent while the screen has no notifications (the console's "supervisors only" page). */
  connection?: Connection;
  onSignOut: () => Promise<void>;
  /** Asked before signing out; none signs out at once. */
  confirm?: string;
  /** The screen's own controls; `report` puts a failure on the bar's error line ('' clears it). */
  children?: (report: (error: string) => void) => ComponentChildren;
}) {
  const [error, setError] = useState('');
  const [confirming, setConfirming] = useState(false);
  const signOut = async () => {
    if (props.confirm && !confirming) return setConfirming(true);
    setError('');
    try {
      await props.onSignOut();
    } catch (failure) {
      setError(`Sign out failed: ${describeError(failure)}`);
    }
  };

  return (
    <header class="topbar">
      <h1>{props.title}</h1>
      <span class="user-display">{displayName(props.user)}</span>
      {props.children?.(setError)}
      {props.connection && (
        <p class={`connection connection-${props.connection}`} role="status">
          <span class="dot" aria-hidden="true" />
          {CONNECTION[props.connection]}
        </p>
      )}
      <span class="spacer" />
      {confirming && (
        <p class="confirm" role="alert">
          {props.confirm}
          <button type="button" class="secondary" onClick={() => setConfirming(false)}>
            Stay signed in
          </button>
        </p>
      )}
      <button type="button" class="secondary" onClick={() => void signOut()}>
        {confirming ? 'Sign out anyway' : 'Sign out'}
      </button>
      <p role="alert" class="error topbar-error">
        {error}
      </p>
    </header>
  );
}
