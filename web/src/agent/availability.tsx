/**
 * The desk's chat channel in its top bar: the channel's state and the Ready / Not Ready control
 * (`POST /api/v2/me/channels/chat`, README "Agents: presence and chats").
 */
import { useState } from 'preact/hooks';
import { describeError } from '../lib/gws.js';
import type { DeskModel } from './desk-model.js';

const CHANNEL: Record<string, string> = { Ready: 'Ready', NotReady: 'Not Ready', LoggedOut: 'Logged out' };

export function Availability(props: { model: DeskModel; report: (error: string) => void }) {
  const { model, report } = props;
  const [busy, setBusy] = useState(false);
  const state = model.channelState;

  const setChannel = async (next: 'Ready' | 'NotReady') => {
    report('');
    setBusy(true);
    try {
      await model.setChannel(next);
    } catch (failure) {
      report(`${CHANNEL[next]} failed: ${describeError(failure)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
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
    </>
  );
}
