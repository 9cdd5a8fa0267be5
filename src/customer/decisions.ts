/**
 * Decisions for the customer's operations (spec §6.1): SendMessage, typing, Complete. Everything
 * the customer sends is visible to All; the chat must not be over.
 */
import { announceLeft, endChat, move } from '../chats/chat-end.js';
import type { Party } from '../chats/model.js';
import type { Outcome, OutcomeBuilder } from '../chats/outcome.js';
import { DomainError } from '../errors.js';
import type { CustomerOperation } from './schema.js';

export function decideCustomerOperation(b: OutcomeBuilder, customer: Party, op: CustomerOperation): Outcome {
  if (b.chat.phase === 'Ended' || customer.state !== 'Chatting') {
    throw new DomainError('InvalidState', 'The chat is over');
  }
  const post = (
    ...args: Parameters<OutcomeBuilder['addMessage']> extends [Party, ...infer R] ? R : never
  ) => {
    b.emit({ type: 'MessagesAdded', messages: [b.addMessage(customer, ...args)] });
  };
  switch (op.operationName) {
    case 'SendMessage':
      post('Text', 'All', { text: op.text, treatAs: 'Normal' });
      break;
    case 'SendStartTypingNotification':
      post('TypingStarted', 'All', { text: op.text ?? null });
      break;
    case 'SendStopTypingNotification':
      post('TypingStopped', 'All', { text: op.text ?? null });
      break;
    case 'Complete':
      announceLeft(b, move(b, customer, 'complete'));
      endChat(b, 'customer');
      break;
  }
  return b.build();
}
