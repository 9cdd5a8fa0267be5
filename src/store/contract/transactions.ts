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
}
