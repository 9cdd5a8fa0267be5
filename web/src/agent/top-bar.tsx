/**
 * The desk's top bar: who is signed in, the chat channel's state with the Ready / Not Ready
 * control (`POST /api/v2/me/channels/chat`, README "Agents: presence and chats"), the
 * notification connection, and Sign out — which asks again while chats are still open.
 */
import { useState } from 'preact/hooks';
import { describeError } from '../lib/gws.js';
import type { Connection } from '../lib/notifications.js';
import type { DeskModel } from './desk-model.js';

const CHANNEL: Record<string, string> = { Ready: 'Ready', NotReady: 'Not Ready', LoggedOut: 'Logged out' };
const CONNECTION: Record<Connection, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected, reconnecting…',
};

export function displayName(model: DeskModel): string {
  const { firstName, lastName, userName } = model.user;
  return [firstName, lastName].filter(Boolean).join(' ') || userName;
}

export function TopBar(props: { model: DeskModel; openChats: number; onSignOut: () => Promise<void> }) {
  const { model } = props;
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const state = model.channelState;

  const setChannel = async (next: 'Ready' | 'NotReady') => {
    setError('');
    setBusy(true);
    try {
      await model.setChannel(next);
    } catch (failure) {
      setError(`${CHANNEL[next]} failed: ${describeError(failure)}`);
    } finally {
      setBusy(false);
    }
  };
  const signOut = async () => {
    if (props.openChats > 0 && !confirming) return setConfirming(true);
    setError('');
    try {
      await props.onSignOut();
    } catch (failure) {
      setError(`Sign out failed: ${describeError(failure)}`);
    }
  };

  return (
    <header class="topbar desk-topbar">
      <h1>Agent desk</h1>
      <span class="agent-name">{displayName(model)}</span>
      <p class="channel-state" role="status">
        Chat channel: <strong class={`state-${state}`}>{CHANNEL[state] ?? state}</strong>
      </p>
      <div class="availability" role="group" aria-label="Availability">
        {(['Ready', 'NotReady'] as const).map((option) => (
          <button
            key={option}
            type="button"
            class={state === option ? '' : 'secondary'}
            aria-pressed={state === option}
            disabled={busy}
            onClick={() => void setChannel(option)}
          >
            {CHANNEL[option]}
          </button>
        ))}
      </div>
      <p class={`connection connection-${model.connection}`} role="status">
        <span class="dot" aria-hidden="true" />
        {CONNECTION[model.connection]}
      </p>
      <span class="spacer" />
      {confirming && (
        <p class="confirm" role="alert">
          {props.openChats === 1
            ? 'You have 1 open chat; it stays assigned to you.'
            : `You have ${props.openChats} open chats; they stay assigned to you.`}
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
