/**
 * Chat events become notifications on `/v2/me/chats` (spec §5.2, §5.3). This table is the one
 * place that decides who is told what; every view goes through present.ts and so through
 * visibility.ts. The customer has no CometD session: it polls (customer/), through the same
 * visibility rules. The engine renders them with the commit (they are recorded in the outbox when
 * the bus is shared) and publishes them after it.
 *
 *   StatusChanged        → the party's own user: StatusChange (participants [] as in the samples;
 *                          none on a final copy, except a rejected one: spec §2 Reject)
 *   ParticipantsChanged  → present agents/supervisors who can see the change: ParticipantsUpdated
 *   MessagesAdded        → present agents/supervisors: MessageLogUpdated with what each may see
 *                          (one notification for both roles when their views are the same)
 *   HistoryReplayed      → the joining party: MessageLogUpdated with the visible transcript so far
 *   PropertiesChanged    → present agents/supervisors: PropertiesUpdated
 */
import type { Links } from '../http/links.js';
import type { Notification } from '../notifications/bus.js';
import type { ChatSnapshot, Message, Party } from './model.js';
import type { ChatEvent } from './outcome.js';
import { chatPath, partiesById, presentChat, presentMessages } from './present.js';
import { canSee, sameMessageView } from './visibility.js';

export const CHATS_TOPIC = '/v2/me/chats';

export interface FanOutContext {
  readonly links: Links;
  readonly referenceId: number | undefined;
  /** The whole transcript (read in the command's transaction), only when a history replay needs it. */
  readonly transcript: () => Promise<readonly Message[]>;
}

const isPresent = (p: Party) => p.state === 'Chatting' && p.userId !== null && p.role !== 'customer';

/** The notifications `events` cause, in order, with each recipient's own view of `snapshot`. */
export async function fanOut(
  snapshot: ChatSnapshot,
  events: readonly ChatEvent[],
  ctx: FanOutContext,
): Promise<Notification[]> {
  const notifications: Notification[] = [];
  const { chat, parties } = snapshot;
  const ref = ctx.referenceId === undefined ? {} : { referenceId: ctx.referenceId };
  const stateChange = (
    party: Party,
    notificationType: string,
    withParticipants: boolean,
    rejected = false,
  ) => {
    const view = presentChat(chat, party, parties, ctx.links);
    // spec §5.3: a StatusChange lists no participants; a rejected invitation's final view says so.
    const body =
      withParticipants || (!('participants' in view) && !rejected) ? view : { ...view, participants: [] };
    notifications.push({
      userIds: [party.userId ?? ''],
      channel: CHATS_TOPIC,
      data: {
        messageType: 'ChatStateChangeMessage',
        notificationType,
        chat: body,
        ...ref,
      },
    });
  };
  let byId: ReadonlyMap<string, Party> | undefined;
  const messageLog = (userIds: string[], messages: readonly Message[], role: Party['role']) => {
    if (userIds.length === 0) return;
    byId ??= partiesById(parties);
    const visible = presentMessages(role, messages, parties, ctx.links, byId);
    if (visible.length === 0) return;
    notifications.push({
      userIds,
      channel: CHATS_TOPIC,
      data: {
        messageType: 'MessageLogUpdated',
        notificationType: 'NewMessages',
        messages: visible,
        chatUri: ctx.links(chatPath(chat.id)),
        chatPath: chatPath(chat.id),
        ...ref,
      },
    });
  };

  // A party that joins in this outcome learns the chat from its own StatusChange, participants and
  // history replay; events earlier in the outcome are not sent to it (they would arrive twice).
  let joinsAt: Map<string, number> | undefined;
  let participantsSent: Set<string> | undefined;
  for (const [i, e] of events.entries()) {
    if (e.type !== 'HistoryReplayed') continue;
    const status = events.findIndex((x) => x.type === 'StatusChanged' && x.participantId === e.participantId);
    (joinsAt ??= new Map()).set(e.participantId, status >= 0 ? status : i);
  }
  for (const [i, event] of events.entries()) {
    const present = (p: Party) => isPresent(p) && (joinsAt?.get(p.participantId) ?? -1) < i;
    switch (event.type) {
      case 'StatusChanged': {
        const party = parties.find((p) => p.participantId === event.participantId);
        if (party?.userId) stateChange(party, 'StatusChange', false, event.rejected);
        break;
      }
      case 'ParticipantsChanged':
        // Views are of the final snapshot: one ParticipantsUpdated per party and outcome is enough.
        for (const party of parties.filter(present)) {
          participantsSent ??= new Set();
          if (participantsSent.has(party.participantId)) continue;
          if (!event.visibilities.some((v) => canSee(party.role, v))) continue;
          participantsSent.add(party.participantId);
          stateChange(party, 'ParticipantsUpdated', true);
        }
        break;
      case 'PropertiesChanged':
        // An agent wrapping up (LeftChat) still edits and follows user data (spec §2 Leave).
        for (const party of parties.filter(
          (p) => present(p) || (p.state === 'LeftChat' && p.userId !== null),
        )) {
          stateChange(party, 'PropertiesUpdated', true);
        }
        break;
      case 'MessagesAdded': {
        // One notification per role: every agent sees the same messages, every supervisor too;
        // one for both when visibility.ts says their views are the same (serialised once).
        const recipients = parties.filter((p) => present(p) && p.participantId !== event.exceptParticipant);
        const userIdsOf = (role: Party['role']) =>
          recipients.filter((p) => p.role === role).map((p) => p.userId ?? '');
        const agents = userIdsOf('agent');
        const supervisors = userIdsOf('supervisor');
        byId ??= partiesById(parties);
        const senders = byId;
        if (
          agents.length > 0 &&
          supervisors.length > 0 &&
          sameMessageView('agent', 'supervisor', event.messages, (id) => senders.get(id))
        ) {
          messageLog([...agents, ...supervisors], event.messages, 'agent');
        } else {
          messageLog(agents, event.messages, 'agent');
          messageLog(supervisors, event.messages, 'supervisor');
        }
        break;
      }
      case 'HistoryReplayed': {
        // Up to the joiner's own notice: later messages of this outcome reach it as MessagesAdded.
        const party = parties.find((p) => p.participantId === event.participantId);
        const history = (await ctx.transcript()).filter((m) => m.index <= event.upToIndex);
        if (party?.userId) messageLog([party.userId], history, party.role);
        break;
      }
    }
  }
  return notifications;
}
