/**
 * Store contract cases: appendToChat, the engine's one-step write of a chat change with its new
 * messages (one statement on PostgreSQL, one grouped transaction on SQLite).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Message } from '../../chats/model.js';
import { DomainError } from '../../errors.js';
import type { ContractContext } from './fixtures.js';
import { newChat, newMessage } from './fixtures.js';

export function appendCases(ctx: ContractContext): void {
  test(
    'appendToChat: the chat change and its messages together, or nothing when stale',
    ctx.skip,
    async () => {
      const store = () => ctx.store();
      const chat = newChat('0000AAAAAAAA0A01');
      await store().chats.insert(chat, 'th-a1');
      // One message; nulls, texts and numbers keep their types through the statement.
      const one: Message = { ...newMessage(chat.id, 2), url: 'https://x.test/', treatAs: null };
      const second = { ...chat, lastIndex: 2, version: 2 };
      assert.equal(await store().appendToChat(second, chat, [one]), true);
      assert.deepEqual(await store().chats.get(chat.id), second);
      assert.deepEqual(await store().messages.list(chat.id, 0, 10), [one]);

      // Stale (the version moved on): nothing is written, neither the chat nor any message.
      const stale = { ...chat, lastIndex: 2, subject: 'stale', version: 2 };
      assert.equal(await store().appendToChat(stale, chat, [newMessage(chat.id, 9)]), false);
      assert.deepEqual(await store().chats.get(chat.id), second);
      assert.deepEqual(await store().messages.list(chat.id, 2, 10), []);

      // Several messages, and columns besides last_index (only those that differ are set).
      const messages = [3, 4, 5].map((index) => newMessage(chat.id, index));
      const third = { ...second, lastIndex: 5, phase: 'Active' as const, userData: { k: 'v' }, version: 3 };
      assert.equal(await store().appendToChat(third, second, messages), true);
      assert.deepEqual(await store().chats.get(chat.id), third);
      assert.deepEqual(await store().messages.list(chat.id, 2, 10), messages);
    },
  );

  test('appendToChat: a message that cannot be written takes the chat change back', ctx.skip, async () => {
    const store = () => ctx.store();
    const chat = newChat('0000AAAAAAAA0A02');
    await store().chats.insert(chat, 'th-a2');
    await store().messages.append([newMessage(chat.id, 2)]);
    const next = { ...chat, lastIndex: 3, version: 2 };
    // Index 2 exists already: the whole step fails and the chat keeps its version.
    await assert.rejects(
      store().appendToChat(next, chat, [newMessage(chat.id, 2), newMessage(chat.id, 3)]),
      (e: unknown) => e instanceof DomainError && e.code === 'AlreadyExists',
    );
    assert.deepEqual(await store().chats.get(chat.id), chat);
    assert.deepEqual(
      (await store().messages.list(chat.id, 0, 10)).map((m) => m.index),
      [2],
    );
    assert.equal(await store().appendToChat(next, chat, [newMessage(chat.id, 3)]), true);
  });

  test(
    'appendToChat: appends made together keep their own answers — written, stale, failed',
    ctx.skip,
    async () => {
      const store = () => ctx.store();
      const chats = [1, 2, 3, 4, 5].map((n) => newChat(`0000AAAAAAAA0D0${n}`));
      for (const [i, chat] of chats.entries()) await store().chats.insert(chat, `th-d${i}`);
      await store().messages.append([newMessage(chats[3]!.id, 2)]);
      const next = (chat: (typeof chats)[number]) => ({ ...chat, lastIndex: 2, version: 2 });
      // In one turn (one group commit on either store): three that write, one stale, one whose
      // message index is taken.
      const answers = await Promise.allSettled([
        store().appendToChat(next(chats[0]!), chats[0]!, [newMessage(chats[0]!.id, 2)]),
        store().appendToChat(next(chats[1]!), chats[1]!, [newMessage(chats[1]!.id, 2)]),
        store().appendToChat({ ...next(chats[2]!), version: 5 }, { ...chats[2]!, version: 4 }, [
          newMessage(chats[2]!.id, 2),
        ]),
        store().appendToChat(next(chats[3]!), chats[3]!, [newMessage(chats[3]!.id, 2)]),
        store().appendToChat(next(chats[4]!), chats[4]!, [newMessage(chats[4]!.id, 2)]),
      ]);
      assert.deepEqual(
        answers.map((a) => (a.status === 'fulfilled' ? a.value : (a.reason as DomainError).code)),
        [true, true, false, 'AlreadyExists', true],
      );
      for (const i of [0, 1, 4]) {
        assert.equal((await store().chats.get(chats[i]!.id))?.version, 2);
        assert.deepEqual(
          (await store().messages.list(chats[i]!.id, 0, 10)).map((m) => m.index),
          [2],
        );
      }
      for (const i of [2, 3]) assert.equal((await store().chats.get(chats[i]!.id))?.version, 1);
      assert.deepEqual(await store().messages.list(chats[2]!.id, 0, 10), []);
    },
  );
}
