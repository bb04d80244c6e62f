import type { Selectable } from 'kysely';
import type { Admin } from '../entities';
import type { AdminRepository, Store } from '../store';
import type { AdminsTable } from './schema';
import type { SqlContext } from './context';

const admin = (r: Selectable<AdminsTable>): Admin => ({
  id: r.id,
  companyId: r.company_id,
  email: r.email,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});

/** An admin by e-mail (the login, unique across the PBX) or by id, before a company is known. */
export function sqlAdminLookup(ctx: SqlContext): Store['admins'] {
  return {
    getByEmail: async (email) => {
      const row = await ctx.db
        .selectFrom('admins')
        .selectAll()
        .where('email', '=', email.trim().toLowerCase())
        .executeTakeFirst();
      return row && admin(row);
    },
    get: async (id) => {
      const row = await ctx.db
        .selectFrom('admins')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && admin(row);
    },
  };
}

/** One company's admin accounts; e-mails are stored lower-case. */
export function sqlAdmins(ctx: SqlContext, companyId: number): AdminRepository {
  return {
    create: ({ email, passwordHash }) =>
      ctx.write(async (db) =>
        admin(
          await db
            .insertInto('admins')
            .values({
              company_id: companyId,
              email: email.toLowerCase(),
              password_hash: passwordHash,
              created_at: ctx.now(),
            })
            .returningAll()
            .executeTakeFirstOrThrow(),
        ),
      ),
    get: async (id) => {
      const row = await ctx.db
        .selectFrom('admins')
        .selectAll()
        .where('id', '=', id)
        .where('company_id', '=', companyId)
        .executeTakeFirst();
      return row && admin(row);
    },
    list: async () =>
      (
        await ctx.db
          .selectFrom('admins')
          .selectAll()
          .where('company_id', '=', companyId)
          .orderBy('email')
          .execute()
      ).map(admin),
    setPasswordHash: (id, passwordHash) =>
      ctx.write(async (db) => {
        const done = await db
          .updateTable('admins')
          .set({ password_hash: passwordHash })
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .executeTakeFirst();
        return Number(done.numUpdatedRows) > 0;
      }),
    remove: (id) =>
      ctx.write(async (db) => {
        const gone = await db
          .deleteFrom('admins')
          .where('id', '=', id)
          .where('company_id', '=', companyId)
          .executeTakeFirst();
        return Number(gone.numDeletedRows) > 0;
      }),
  };
}
