import type { Selectable } from 'kysely';
import type { ApiSession } from '../entities';
import type { ApiSessionRepository } from '../store';
import type { ApiSessionsTable } from './schema';
import type { SqlContext } from './context';

const session = (r: Selectable<ApiSessionsTable>): ApiSession => ({
  tokenHash: r.token_hash,
  role: r.role as ApiSession['role'],
  subjectId: r.subject_id,
  companyId: r.company_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/** API sessions by their token's hash, before the request's company is known. */
export function sqlApiSessions(ctx: SqlContext): ApiSessionRepository {
  const deleted = (result: { numDeletedRows: bigint }) => Number(result.numDeletedRows);
  return {
    create: (s) =>
      ctx.write(async (db) => {
        await db
          .insertInto('api_sessions')
          .values({
            token_hash: s.tokenHash,
            role: s.role,
            subject_id: s.subjectId,
            company_id: s.companyId,
            created_at: s.createdAt,
            expires_at: s.expiresAt,
          })
          .execute();
      }),
    get: async (tokenHash) => {
      const row = await ctx.db
        .selectFrom('api_sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && session(row);
    },
    setExpiry: (tokenHash, expiresAt) =>
      ctx.write(async (db) => {
        await db
          .updateTable('api_sessions')
          .set({ expires_at: expiresAt })
          .where('token_hash', '=', tokenHash)
          .execute();
      }),
    remove: (tokenHash) =>
      ctx.write(
        async (db) =>
          deleted(
            await db
              .deleteFrom('api_sessions')
              .where('token_hash', '=', tokenHash)
              .executeTakeFirst(),
          ) > 0,
      ),
    removeBySubject: (role, subjectId) =>
      ctx.write(async (db) =>
        deleted(
          await db
            .deleteFrom('api_sessions')
            .where('role', '=', role)
            .where('subject_id', '=', subjectId)
            .executeTakeFirst(),
        ),
      ),
    removeExpired: (now) =>
      ctx.write(async (db) =>
        deleted(
          await db.deleteFrom('api_sessions').where('expires_at', '<=', now).executeTakeFirst(),
        ),
      ),
  };
}
