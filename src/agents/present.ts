/**
 * Channel state on the wire (spec §1.4, §5.2): `{"channel":"chat","userState":{id,displayName,state}}`
 * with the GWS ids of the Ready and Not Ready agent states; a channel the agent logged out of is
 * reported once as `LoggedOut`.
 */
import type { AgentChannel } from '../store/store.js';

export type ChannelState = AgentChannel['state'] | 'LoggedOut';

const USER_STATES: Record<ChannelState, { id: string; displayName: string; state: ChannelState }> = {
  Ready: { id: '9430250E-0A1B-421F-B372-F29E69366DED', displayName: 'Ready', state: 'Ready' },
  NotReady: { id: '900D55CC-2BB0-431F-8BF9-D3525B383BE6', displayName: 'Not Ready', state: 'NotReady' },
  // Not in the samples: a stable id of Parley's own for the logged-out state.
  LoggedOut: { id: '5C4D0E5B-6B1F-4C11-9E33-0D3A7B5E9A10', displayName: 'Logged Out', state: 'LoggedOut' },
};

export function presentChannel(channel: string, state: ChannelState) {
  return { channel, userState: { ...USER_STATES[state] } };
}

/** The `/v2/me/channels` notification (ChannelStateChangeMessageV2, spec §5.2). */
export function channelsNotification(channels: ReturnType<typeof presentChannel>[]) {
  return { messageType: 'ChannelStateChangeMessageV2', channels };
}
