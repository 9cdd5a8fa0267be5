/**
 * What a desk rebuilds its state from after a (re-)handshake (README "Agents: presence and
 * chats"): `GET /api/v2/me?subresources=*` (channels and open chats: state, participants,
 * capabilities, user data, a supervisor's mode), `GET /api/v2/me/chats?fields=*`, and the
 * transcript of each open chat; a supervisor's console adds its audit trail. The customer's view
 * is its chat and its whole transcript (`?index=1`, which marks nothing delivered).
 */
import assert from 'node:assert/strict';
import type { Data, Headers } from './e2e-chat.js';
import { call } from './e2e-chat.js';

export interface DeskView {
  readonly me: Data;
  readonly chats: Data[];
  readonly transcripts: Record<string, Data[]>;
  readonly audit?: Data[];
}

async function get(url: string, path: string, headers: Headers): Promise<Data> {
  const answer = await call(url, 'GET', path, headers);
  assert.equal(answer.body.statusCode, 0, `GET ${path} → ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function deskView(
  url: string,
  headers: Headers,
  options: { auditOf?: string } = {},
): Promise<DeskView> {
  const me = (await get(url, '/api/v2/me?subresources=*', headers)).user as Data;
  const chats = (await get(url, '/api/v2/me/chats?fields=*', headers)).chats as Data[];
  const transcripts: Record<string, Data[]> = {};
  for (const chat of chats) {
    const id = String(chat.id);
    transcripts[id] = (await get(url, `/api/v2/me/chats/${id}/messages`, headers)).messages as Data[];
  }
  if (options.auditOf === undefined) return { me, chats, transcripts };
  const path = `/parley/v1/supervision/audit?supervisorId=${options.auditOf}`;
  return { me, chats, transcripts, audit: (await get(url, path, headers)).entries as Data[] };
}

export async function customerView(url: string, contactCenterId: string, token: string) {
  const headers = { contactcenterid: contactCenterId };
  const chat = (await get(url, `/api/v2/chats/${token}`, headers)).chat as Data;
  const messages = (await get(url, `/api/v2/chats/${token}/messages?index=1`, headers)).messages as Data[];
  return { chat, messages };
}
