/**
 * Chats on the wire (spec §3.1, §5.2), always as one viewer sees them: participants and
 * messages pass through visibility.ts; capabilities come from capabilities.ts.
 */
import type { Links } from '../http/links.js';
import { capabilities } from './capabilities.js';
import type { Chat, Message, Party, PartyRole, SupervisorMode, Visibility } from './model.js';
import { gwsTimestamp } from './timestamps.js';
import { canSee, partyVisibility, visibleParticipants } from './visibility.js';

export const chatPath = (chatId: string) => `/chats/${chatId}`;

type ParticipantView = ReturnType<typeof buildParticipant>;

/**
 * Views of the parties, remembered per party object (the engine keeps unchanged parties from
 * command to command) and per link base: a fan-out presents every message's sender for each role.
 * The views are shared, so nothing may change them (they are only serialised).
 */
const participantViews = new WeakMap<Party, { readonly prefix: string; readonly view: ParticipantView }>();

export function presentParticipant(party: Party, links: Links): ParticipantView {
  const prefix = links('');
  const known = participantViews.get(party);
  if (known?.prefix === prefix) return known.view;
  const view = buildParticipant(party, links);
  participantViews.set(party, { prefix, view });
  return view;
}

function buildParticipant(party: Party, links: Links) {
  const view: {
    nickname: string;
    type: 'Customer' | 'Agent';
    participantId: string;
    id: string;
    visibility: Visibility;
    supervisorMode?: SupervisorMode;
    uri?: string;
    path?: string;
  } = {
    nickname: party.nickname,
    type: party.role === 'customer' ? 'Customer' : 'Agent', // spec §3.1: supervisors appear as Agent
    participantId: party.participantId,
    id: party.participantId,
    visibility: partyVisibility(party),
  };
  // Parley extension: who may see a supervisor (agents in Coach and BargeIn, supervisors in every
  // mode) also learns that it is one and in which mode, so an agent's screen can say "coached".
  // The customer's views come from customer/present.ts and never carry it.
  if (party.role === 'supervisor' && party.mode) view.supervisorMode = party.mode;
  if (!party.userId) return view;
  // spec §9.2 g: clients find their own messages by the last segment of from.uri.
  view.uri = links(`/users/${party.userId}`);
  view.path = `/users/${party.userId}`;
  return view;
}

/**
 * The party's capabilities (capabilities.ts) in this chat: whether it is a consultant, whether
 * agents have someone besides the customer to talk to invisibly, whether another agent is in it.
 */
export function capabilitiesOf(viewer: Party, parties: readonly Party[]): readonly string[] {
  let agentAudience = false;
  let colleagues = false;
  for (const p of parties) {
    if (p.participantId === viewer.participantId || p.role === 'customer') continue;
    if (p.state === 'Chatting' && canSee('agent', partyVisibility(p))) agentAudience = true;
    if (p.role === 'agent' && (p.state === 'Chatting' || p.state === 'Invited')) colleagues = true;
  }
  return capabilities({
    state: viewer.state,
    role: viewer.role,
    mode: viewer.mode,
    consultant: viewer.role === 'agent' && viewer.via === 'Consult',
    agentAudience,
    colleagues,
  });
}

/** The chat resource for one party's copy (agent or supervisor). */
export function presentChat(chat: Chat, viewer: Party, parties: readonly Party[], links: Links) {
  const state = viewer.state;
  if (state === 'Completed' || state === 'Revoked') {
    return { id: chat.id, uri: links(chatPath(chat.id)), path: chatPath(chat.id), state }; // spec §5.3 Complete
  }
  const present = state === 'Chatting' || state === 'LeftChat';
  return {
    id: chat.id,
    uri: links(chatPath(chat.id)),
    path: chatPath(chat.id),
    state,
    capabilities: capabilitiesOf(viewer, parties),
    participants: present
      ? visibleParticipants(viewer.role, parties).map((p) => presentParticipant(p, links))
      : [],
    userData: { ...chat.userData },
    chatType: viewer.via === 'Consult' ? 'Consult' : 'Inbound', // spec §3.1 (inferred) Consult
    receivedDate: gwsTimestamp(viewer.invitedAt),
    ...(viewer.mode ? { supervisorMode: viewer.mode } : {}),
  };
}

/**
 * A transcript message as `viewer` receives it. Its `from` carries the sender's visibility only
 * where the viewer may see it; otherwise the message's own visibility (which the viewer does
 * see): an agent must not learn from an old whisper's sender that a supervisor is now monitoring.
 */
export function presentMessage(viewer: PartyRole, message: Message, from: Party | undefined, links: Links) {
  const sender = from && presentParticipant(from, links);
  const shown =
    sender && !canSee(viewer, sender.visibility) ? hiddenSender(sender, message.visibility) : sender;
  return {
    index: message.index,
    type: message.type,
    from: shown ?? { nickname: 'system', type: 'External', participantId: message.from },
    ...(message.text !== null ? { text: message.text } : {}),
    ...(message.url !== null ? { url: message.url } : {}),
    ...(message.noticeText !== null ? { noticeText: message.noticeText } : {}),
    ...(message.messageType !== null ? { messageType: message.messageType } : {}),
    visibility: message.visibility,
    timestamp: gwsTimestamp(message.createdAt),
    timestampSeconds: message.createdAt,
  };
}

/** A sender the viewer may not see now, at the message's visibility, its supervisor mode withheld. */
function hiddenSender(sender: ParticipantView, visibility: Visibility): ParticipantView {
  const { supervisorMode: _withheld, ...shown } = sender;
  return { ...shown, visibility };
}

/** The transcript one role may see; `byId` may be passed when the caller already has it. */
export function presentMessages(
  role: PartyRole,
  messages: readonly Message[],
  parties: readonly Party[],
  links: Links,
  byId: ReadonlyMap<string, Party> = partiesById(parties),
) {
  return messages
    .filter((m) => canSee(role, m.visibility))
    .map((m) => presentMessage(role, m, byId.get(m.from), links));
}

/** Remembered per list: the engine keeps a chat's party list from command to command until one changes. */
const byIdOf = new WeakMap<readonly Party[], ReadonlyMap<string, Party>>();

export function partiesById(parties: readonly Party[]): ReadonlyMap<string, Party> {
  let byId = byIdOf.get(parties);
  if (byId === undefined) {
    byId = new Map(parties.map((p) => [p.participantId, p]));
    byIdOf.set(parties, byId);
  }
  return byId;
}
