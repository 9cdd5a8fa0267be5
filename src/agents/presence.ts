/**
 * Agent presence on media channels (spec §1.4): StartContactCenterSession logs the agent in on
 * channels (Not Ready at first), Ready / NotReady change the state, EndContactCenterSession logs
 * out. Parley serves the `chat` channel; asking for others is a partial success (statusCode 7)
 * or, when nothing could be done, statusCode 10. Each change runs in one transaction, recorded
 * with what it announces, and is published after commit on `/v2/me/channels` to every session of
 * the agent, on every node — and, for the chat channel, on its supervisors' board
 * (supervision/board-events.ts).
 */
import type { ContactCenter, User } from '../accounts/records.js';
import { DomainError } from '../errors.js';
import type { Announcer } from '../notifications/announcer.js';
import type { Notification } from '../notifications/bus.js';
import type { AgentChannel, Store } from '../store/store.js';
import type { ChannelState } from './present.js';
import { channelsNotification, presentChannel } from './present.js';
import { agentStateNotification } from '../supervision/board-events.js';

export const SUPPORTED_CHANNELS = ['chat'] as const;
const CHANNELS_TOPIC = '/v2/me/channels';

export interface PresenceCaller {
  readonly user: User;
  readonly contactCenter: ContactCenter;
}

export interface PresenceDeps {
  readonly store: Store;
  readonly announcer: Announcer;
  readonly now?: () => number;
  /** After an agent became Ready: routing may have a chat for it. */
  readonly onReady?: (contactCenterId: string) => void;
}

export class Presence {
  private readonly now: () => number;

  constructor(private readonly deps: PresenceDeps) {
    this.now = deps.now ?? Date.now;
  }

  async channelsOf(userId: string) {
    const rows = await this.deps.store.agentChannels.listForUser(userId);
    return rows.map((row) => presentChannel(row.channel, row.state));
  }

  /** Returns the channels that could not be started (for a statusCode 7 answer). */
  async startSession(caller: PresenceCaller, channels: readonly string[]): Promise<string[]> {
    const wanted = [...new Set(channels)];
    const served = wanted.filter((c) => (SUPPORTED_CHANNELS as readonly string[]).includes(c));
    const refused = wanted.filter((c) => !served.includes(c));
    if (served.length === 0) {
      throw new DomainError(
        'ValidationFailed',
        `Unsupported channel(s) ${refused.join(', ')}; Parley serves: chat`,
      );
    }
    for (const channel of served) requireFeature(caller, channel);
    await this.deps.announcer.transaction(async (tx, announce) => {
      const current = new Map(
        (await tx.agentChannels.listForUser(caller.user.id)).map((c) => [c.channel, c]),
      );
      const now = this.now();
      const added: AgentChannel[] = [];
      for (const channel of served) {
        if (current.has(channel)) continue;
        const row: AgentChannel = {
          userId: caller.user.id,
          channel,
          contactCenterId: caller.contactCenter.id,
          state: 'NotReady',
          changedAt: now,
        };
        await tx.agentChannels.put(row);
        if (channel === 'chat') await tx.agentLoad.ensure(caller.user.id, caller.contactCenter.id, now);
        added.push(row);
      }
      this.announce(
        announce,
        caller,
        added.map((c) => [c.channel, c.state]),
      );
    });
    return refused;
  }

  async endSession(caller: PresenceCaller): Promise<void> {
    await this.deps.announcer.transaction(async (tx, announce) => {
      const rows = await tx.agentChannels.listForUser(caller.user.id);
      await tx.agentChannels.deleteForUser(caller.user.id);
      this.announce(
        announce,
        caller,
        rows.map((c) => [c.channel, 'LoggedOut']),
      );
    });
  }

  /** Sets the state of one channel, or of every logged-in channel when `channel` is undefined. */
  async setState(caller: PresenceCaller, state: AgentChannel['state'], channel?: string): Promise<void> {
    if (channel !== undefined && !(SUPPORTED_CHANNELS as readonly string[]).includes(channel)) {
      throw new DomainError('NotFound', `Unknown channel ${channel}; Parley serves: chat`);
    }
    if (channel !== undefined) requireFeature(caller, channel);
    const changed = await this.deps.announcer.transaction(async (tx, announce) => {
      const rows = (await tx.agentChannels.listForUser(caller.user.id)).filter(
        (c) => channel === undefined || c.channel === channel,
      );
      if (rows.length === 0) {
        throw new DomainError(
          'InvalidState',
          `Not logged in on ${channel ?? 'any channel'}; start a contact center session first`,
        );
      }
      const now = this.now();
      const updated: AgentChannel[] = [];
      for (const row of rows) {
        if (row.state === state) continue;
        const next = { ...row, state, changedAt: now };
        await tx.agentChannels.put(next);
        if (state === 'Ready' && row.channel === 'chat') await tx.agentLoad.markReady(caller.user.id, now);
        updated.push(next);
      }
      this.announce(
        announce,
        caller,
        updated.map((c) => [c.channel, c.state]),
      );
      return updated;
    });
    // A Ready agent may be the one a waiting chat needs: route now rather than at the next sweep.
    if (changed.some((c) => c.state === 'Ready' && c.channel === 'chat'))
      this.deps.onReady?.(caller.contactCenter.id);
  }

  /** To the agent's sessions; the chat channel's state also to its supervisors' board. */
  private announce(
    announce: (n: Notification) => void,
    caller: PresenceCaller,
    changes: [string, ChannelState][],
  ) {
    if (changes.length === 0) return;
    const channels = changes.map(([channel, state]) => presentChannel(channel, state));
    announce({ userIds: [caller.user.id], channel: CHANNELS_TOPIC, data: channelsNotification(channels) });
    const chat = changes.find(([channel]) => channel === 'chat');
    if (chat) announce(agentStateNotification(caller.contactCenter.id, caller.user, chat[1]));
  }
}

function requireFeature(caller: PresenceCaller, channel: string): void {
  // spec §1.5: chat is a multimedia channel; its operations need api-multimedia.
  if (channel === 'chat' && !caller.contactCenter.features.includes('api-multimedia')) {
    throw new DomainError(
      'FeatureDisabled',
      'The feature api-multimedia is not enabled for this contact center',
    );
  }
}
