/**
 * Identifiers. Interaction ids are 16 characters in the GWS style (`0000Na9B26EF002X`, spec §3.1);
 * participant ids 16 upper-case hex (`00AF5367D3D0000A`); the customer's chat id is a UUID, an
 * unguessable bearer token distinct from the interaction id (spec §6.1).
 */
import { randomBytes, randomUUID } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function newChatId(): string {
  const bytes = randomBytes(12);
  let id = '0000';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export function newParticipantId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

export function newCustomerToken(): string {
  return randomUUID();
}

export const CHAT_ID = /^[0-9A-Za-z]{16}$/;
