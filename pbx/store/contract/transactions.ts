import { describe, expect, it } from 'vitest';
import { StoreConflictError } from '../store';
import type { ContractContext } from './harness';

/** Atomicity: a failed transaction leaves nothing; nested ones join the outer. */
export function transactionsContract(t: ContractContext): void {
  describe('transactions', () => {
    it('roll back every write when fn throws, and commit them all when it returns', async () => {
      const { store } = t;
      await expect(
        store.withTransaction(async (tx) => {
          await tx.companies.create({ name: 'Beta' });
          await t.hire('Anna', '0000001', tx.forCompany(t.companyId));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.companies.count()).toBe(1);
      expect(await store.sipNumbers.get('0000001')).toBeUndefined();
      const id = await store.withTransaction(async (tx) => {
        const beta = await tx.companies.create({ name: 'Beta' });
        await tx.withTransaction(async (inner) => {
          await t.hire('Anna', '0000001', inner.forCompany(beta.id));
        });
        return beta.id;
      });
      expect((await store.sipNumbers.get('0000001'))?.companyId).toBe(id);
    });

    it('a unique violation inside rolls back the whole transaction as a StoreConflictError', async () => {
      await t.hire('Anna', '0000001');
      await expect(
        t.acme.withTransaction(async (tx) => {
          await tx.employees.create({ name: 'Boris' });
          const vera = await tx.employees.create({ name: 'Vera' });
          await tx.sipNumbers.create({ number: '0000001', employeeId: vera.id, ha1: 'h' });
        }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect((await t.acme.employees.list()).map((e) => e.name)).toEqual(['Anna']);
    });

    it('a company lock can be taken inside a transaction and outside one', async () => {
      await t.acme.lock();
      await t.acme.withTransaction(async (tx) => {
        await tx.lock();
        await tx.employees.create({ name: 'Boris' });
      });
      expect(await t.acme.employees.count()).toBe(1);
    });
  });
}
