/**
 * Store contract cases for what several nodes share: the outbox (written with a commit, removed
 * once carried, claimed by one node at a time), sequences (blocks that never overlap), and the
 * chat lock a retried command takes so that it cannot lose to another writer again.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OutboxEntry } from '../store.js';
import type { ContractContext } from './fixtures.js';
import { newChat, newMessage } from './fixtures.js';

const entry = (key: string, createdAt: number): OutboxEntry => ({
  key,
  createdAt,
  payload: `{"k":"${key}"}\n{"channel":"/v2/me/chats","data":{"text":"é ✓"}}`,
});

export function outboxCases(ctx: ContractContext): void {
  test('outbox: entries are claimed oldest first, once per lease, and removed', ctx.skip, async () => {
    const { outbox } = ctx.store();
    await ctx.store().transaction(async (tx) => {
      await tx.outbox.add(entry('ob-3', 1003));
      await tx.outbox.add(entry('ob-1', 1001));
    });
    await outbox.add(entry('ob-2', 1002));
    await outbox.add(entry('ob-new', 5000));
    // Only entries old enough; each once while its claim holds.
    const claimed = await outbox.claim(2000, 2000, 12_000, 10);
    assert.deepEqual(claimed, [entry('ob-1', 1001), entry('ob-2', 1002), entry('ob-3', 1003)]);
    assert.deepEqual(await outbox.claim(2000, 2001, 12_001, 10), [], 'claimed already');
    // A claimer that never removed its entries lets the claim run out: another node takes them.
    assert.deepEqual(
      (await outbox.claim(2000, 12_000, 22_000, 2)).map((e) => e.key),
      ['ob-1', 'ob-2'],
    );
    await outbox.remove(['ob-1', 'ob-2', 'ob-3', 'ob-unknown']);
    assert.deepEqual(await outbox.claim(9000, 30_000, 40_000, 10), [entry('ob-new', 5000)]);
    // Many keys at once (more than one statement's list).
    const many = Array.from({ length: 70 }, (_, i) => entry(`ob-many-${i}`, 6000 + i));
    await Promise.all(many.map((e) => outbox.add(e)));
    await outbox.remove(['ob-new', ...many.map((e) => e.key)]);
    assert.deepEqual(await outbox.claim(99_999, 99_999, 100_000, 100), []);
  });

  test('outbox: an entry written in a rolled-back transaction does not exist', ctx.skip, async () => {
    await assert.rejects(
      ctx.store().transaction(async (tx) => {
        await tx.outbox.add(entry('ob-rolled-back', 1));
        throw new Error('rolled back');
      }),
    );
    assert.deepEqual(await ctx.store().outbox.claim(10, 10, 20, 10), []);
  });

  test('appendToChat writes its outbox entry with the change, and none when stale', ctx.skip, async () => {
    const store = ctx.store();
    const chat = newChat('0000AAAAAAAA0B01');
    await store.chats.insert(chat, 'th-b1');
    const next = { ...chat, lastIndex: 2, version: 2 };
    assert.equal(await store.appendToChat(next, chat, [newMessage(chat.id, 2)], entry('ob-append', 7)), true);
    assert.equal(await store.appendToChat(next, chat, [newMessage(chat.id, 3)], entry('ob-stale', 8)), false);
    assert.deepEqual(await store.outbox.claim(10, 10, 20, 10), [entry('ob-append', 7)]);
    await store.outbox.remove(['ob-append']);
  });

  test('sequences: concurrent reservations get blocks that never overlap', ctx.skip, async () => {
    const { sequences } = ctx.store();
    const firsts = await Promise.all(Array.from({ length: 12 }, () => sequences.reserve('contract', 100)));
    const sorted = [...firsts].sort((a, b) => a - b);
    assert.deepEqual(
      sorted,
      Array.from({ length: 12 }, (_, i) => 1 + i * 100),
    );
    assert.equal(await sequences.reserve('other', 1), 1, 'each sequence counts on its own');
    await assert.rejects(sequences.reserve('contract', 0), RangeError);
  });

  test('a chat locked in a transaction: another writer of the same version loses', ctx.skip, async () => {
    const store = ctx.store();
    const chat = newChat('0000AAAAAAAA0B02');
    await store.chats.insert(chat, 'th-b2');
    assert.equal(await store.chats.lock('0000AAAAAAAAZZZZ'), undefined);
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = store.transaction(async (tx) => {
      assert.equal(await tx.chats.lock(chat.id), 1);
      locked();
      await paused;
      assert.equal(await tx.chats.update({ ...chat, subject: 'by the holder', version: 2 }, chat), true);
    });
    await isLocked;
    // Issued while the lock is held: PostgreSQL makes it wait; SQLite runs it after the holder.
    const other = store.appendToChat({ ...chat, lastIndex: 2, version: 2 }, chat, [newMessage(chat.id, 2)]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await holder;
    assert.equal(await other, false);
    assert.equal((await store.chats.get(chat.id))?.subject, 'by the holder');
    assert.deepEqual(await store.messages.list(chat.id, 0, 10), []);
  });
}
