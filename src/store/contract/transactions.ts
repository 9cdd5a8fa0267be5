/** Store contract cases: transactions commit, roll back, isolate and never lose work. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '../../errors.js';
import type { ContractContext } from './fixtures.js';
import { user } from './fixtures.js';

export function transactionCases(ctx: ContractContext): void {
  test('a transaction commits when its work resolves', ctx.skip, async () => {
    await ctx.store().transaction(async (tx) => {
      await tx.users.create(user('f'.repeat(32), 'committed'));
      assert.ok(await tx.users.get('f'.repeat(32)), 'visible inside its own transaction');
    });
    assert.ok(await ctx.store().users.get('f'.repeat(32)));
  });

  test('a transaction rolls back everything when its work throws', ctx.skip, async () => {
    await assert.rejects(
      ctx.store().transaction(async (tx) => {
        await tx.users.create(user('1'.repeat(32), 'rolled-back'));
        await tx.contactCenters.update('cc-1', { name: 'renamed' });
        throw new DomainError('InvalidState');
      }),
      (e: unknown) => e instanceof DomainError && e.code === 'InvalidState',
    );
    assert.equal(await ctx.store().users.get('1'.repeat(32)), undefined);
    assert.equal((await ctx.store().contactCenters.get('cc-1'))?.name, 'cc cc-1');
  });

  test('work outside a transaction never sees or joins an open one', ctx.skip, async () => {
    let release!: () => void;
    const paused = new Promise<void>((resolve) => (release = resolve));
    const id = '2'.repeat(32);
    const tx = ctx.store().transaction(async (t) => {
      await t.users.create(user(id, 'isolated'));
      await paused;
      throw new DomainError('InvalidState');
    });
    const outsideRead = ctx.store().users.get(id);
    release();
    await assert.rejects(tx);
    assert.equal(await outsideRead, undefined);
    assert.equal(await ctx.store().users.get(id), undefined);
  });

  test('concurrent transactions are serialised or isolated, never lost', ctx.skip, async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ctx.store().transaction(async (tx) => {
          await tx.users.create(user(i.toString(16).padStart(32, '9'), `bulk-${i}`, 'cc-2'));
        }),
      ),
    );
    const names = (await ctx.store().users.listByContactCenter('cc-2')).map((u) => u.userName);
    assert.equal(names.filter((n) => n.startsWith('bulk-')).length, 20);
  });

  test('a failing transaction among concurrent ones takes back only its own writes', ctx.skip, async () => {
    // SQLite groups these into one COMMIT (one savepoint each); PostgreSQL runs them side by side.
    const ids = [0, 1, 2, 3].map((i) => `group${i}`.padEnd(32, '0'));
    const results = await Promise.allSettled(
      ids.map((id, i) =>
        ctx.store().transaction(async (tx) => {
          await tx.users.create(user(id, `group-${i}`, 'cc-2'));
          if (i === 1) throw new DomainError('InvalidState');
          await tx.contactCenters.update('cc-2', { name: `renamed by ${i}` });
        }),
      ),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      ['fulfilled', 'rejected', 'fulfilled', 'fulfilled'],
    );
    const stored = await Promise.all(ids.map((id) => ctx.store().users.get(id)));
    assert.deepEqual(
      stored.map((u) => u?.userName),
      ['group-0', undefined, 'group-2', 'group-3'],
    );
    // Which committed rename is last depends on the store's order; the failed one is never seen.
    const name = (await ctx.store().contactCenters.get('cc-2'))?.name;
    assert.ok(['renamed by 0', 'renamed by 2', 'renamed by 3'].includes(name ?? ''), name);
  });
}
