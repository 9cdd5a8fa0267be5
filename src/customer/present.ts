/**
 * The customer's view (spec §6.1), through visibility.ts like every other view: only `All`
 * participants and messages, and never an agent's user id or URI.
 */
import type { Chat, Party } from '../chats/model.js';
import { gwsTimestamp } from '../chats/timestamps.js';
import { visibleMessages, visibleParticipants } from '../chats/visibility.js';
import type { AudienceMessage } from '../store/store.js';

export type CustomerState = 'WaitingForAgent' | 'Chatting' | 'Idle';

export function customerState(chat: Chat): CustomerState {
  if (chat.phase === 'Ended') return 'Idle';
  return chat.phase === 'Active' ? 'Chatting' : 'WaitingForAgent';
}

function participant(party: Party) {
  return {
    nickname: party.nickname,
    participantId: party.participantId,
    type: party.role === 'customer' ? 'Customer' : 'Agent',
  };
}

export function presentCustomerChat(token: string, chat: Chat, parties: readonly Party[]) {
  const state = customerState(chat);
  return {
    id: token,
    state,
    capabilities:
      state === 'Idle'
        ? []
        : ['SendMessage', 'SendStartTypingNotification', 'SendStopTypingNotification', 'Complete'],
    participants: visibleParticipants('customer', parties).map(participant),
  };
}

/**
 * `index` is the customer's own number for the message (its n-th visible one), never the
 * chat-wide index: gaps there would tell the customer that, and when, hidden messages were sent.
 */
export function presentCustomerMessages(messages: readonly AudienceMessage[], parties: readonly Party[]) {
  const byId = new Map(parties.map((p) => [p.participantId, p]));
  return visibleMessages('customer', messages).map((m) => {
    const from = byId.get(m.from);
    return {
      index: m.audienceIndex,
      type: m.type,
      from: from ? participant(from) : { nickname: 'system', participantId: m.from, type: 'External' },
      ...(m.text !== null ? { text: m.text } : {}),
      ...(m.url !== null ? { url: m.url } : {}),
      ...(m.noticeText !== null ? { noticeText: m.noticeText } : {}),
      timestamp: gwsTimestamp(m.createdAt),
      timestampSeconds: m.createdAt,
    };
  });
}
