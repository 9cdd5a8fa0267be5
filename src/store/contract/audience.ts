/**
 * Store contract cases: an audience's transcript (messages.listVisible). A customer's messages are
 * numbered 1, 2, 3, … among the messages it may see, so the numbers reveal nothing of the hidden
 * ones (spec §4.2, §6.1), and a message keeps its number whatever is written after it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message, Visibility } from '../../chats/model.js';
import type { AudienceMessage } from '../store.js';
import type { ContractContext } from './fixtures.js';
import { newChat, newMessage } from './fixtures.js';

/** The chat-wide index → audience index pairs of a listing. */
const numbering = (messages: readonly AudienceMessage[]) => messages.map((m) => [m.index, m.audienceIndex]);

export function audienceCases(ctx: ContractContext): void {
  test('messages: an audience numbers its own messages 1..n, in one query', ctx.skip, async () => {
    const store = () => ctx.store();
    const chatId = '0000AAAAAAAA0C01';
    await store().chats.insert(newChat(chatId), 'th-c1');
    const seen: Visibility[] = ['All', 'Agents', 'All', 'Supervisors', 'Supervisors', 'All', 'All'];
    const message = (index: number, visibility: Visibility): Message => ({
      ...newMessage(chatId, index),
      visibility,
    });
    await store().messages.append(seen.map((v, i) => message(i + 1, v)));
    const customer = ['All'] as const;

    const all = await store().messages.listVisible(chatId, customer, { fromAudienceIndex: 1 }, 100);
    assert.deepEqual(numbering(all), [
      [1, 1],
      [3, 2],
      [6, 3],
      [7, 4],
    ]);
    assert.deepEqual(all[1], { ...message(3, 'All'), audienceIndex: 2 }, 'the message itself, unchanged');
    const fromZero = await store().messages.listVisible(chatId, customer, { fromAudienceIndex: 0 }, 100);
    assert.deepEqual(fromZero, all, 'index 0 is everything, like 1');
    const fromThird = await store().messages.listVisible(chatId, customer, { fromAudienceIndex: 3 }, 100);
    assert.deepEqual(numbering(fromThird), [
      [6, 3],
      [7, 4],
    ]);
    const second = await store().messages.listVisible(chatId, customer, { fromAudienceIndex: 2 }, 1);
    assert.deepEqual(numbering(second), [[3, 2]]);
    assert.deepEqual(await store().messages.listVisible(chatId, customer, { fromAudienceIndex: 5 }, 9), []);

    // After a chat-wide index (what was delivered): numbered as in the full listing.
    for (const afterIndex of [3, 4, 5])
      assert.deepEqual(numbering(await store().messages.listVisible(chatId, customer, { afterIndex }, 100)), [
        [6, 3],
        [7, 4],
      ]);
    assert.deepEqual(numbering(await store().messages.listVisible(chatId, customer, { afterIndex: 0 }, 2)), [
      [1, 1],
      [3, 2],
    ]);
    assert.deepEqual(await store().messages.listVisible(chatId, customer, { afterIndex: 7 }, 9), []);

    // Agents see All and Agents: a numbering of their own.
    const agents = await store().messages.listVisible(chatId, ['All', 'Agents'], { afterIndex: 1 }, 100);
    assert.deepEqual(numbering(agents), [
      [2, 2],
      [3, 3],
      [6, 4],
      [7, 5],
    ]);
    assert.deepEqual(await store().messages.listVisible(chatId, [], { afterIndex: 0 }, 100), []);

    // Stable: hidden and visible messages written later change no earlier number.
    await store().messages.append([message(8, 'Supervisors'), message(9, 'Agents'), message(10, 'All')]);
    const later = await store().messages.listVisible(chatId, customer, { fromAudienceIndex: 1 }, 100);
    assert.deepEqual(numbering(later), [...numbering(all), [10, 5]]);
    assert.deepEqual(
      await store().messages.listVisible('0000AAAAAAAA0C99', customer, { afterIndex: 0 }, 100),
      [],
      'another chat has none of these',
    );
  });
}
