import type { Selectable } from 'kysely';
import type { DeviceCredential } from '../entities';
import type { DeviceCredentialRepository, Store } from '../store';
import type { Db, SqlContext } from './context';
import type { DeviceCredentialsTable } from './schema';

export const deviceCredential = (r: Selectable<DeviceCredentialsTable>): DeviceCredential => ({
  username: r.username,
  companyId: r.company_id,
  sipNumber: r.sip_number,
  instance: r.instance,
  ha1: r.ha1,
  ha1Sha256: r.ha1_sha256,
  createdAt: r.created_at,
});

/**
 * Revokes every device credential of a SIP number inside the write that makes them invalid
 * (a new password, the number disabled): true when there were any. The change is announced.
 */
export async function revokeDeviceCredentials(
  db: Db,
  ctx: Pick<SqlContext, 'emit'>,
  companyId: number,
  sipNumber: string,
): Promise<boolean> {
  const gone = await db
    .deleteFrom('device_credentials')
    .where('sip_number', '=', sipNumber)
    .where('company_id', '=', companyId)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) return false;
  await ctx.emit(db, { entity: 'device-credential', companyId, key: sipNumber });
  return true;
}

/** A device credential by its user name, before the company is known (sign-in by device). */
export function sqlDeviceCredentialLookup(ctx: SqlContext): Store['deviceCredentials'] {
  return {
    get: async (username) => {
      const row = await ctx.db
        .selectFrom('device_credentials')
        .selectAll()
        .where('username', '=', username)
        .executeTakeFirst();
      return row && deviceCredential(row);
    },
  };
}

/** One company's device credentials. */
export function sqlDeviceCredentials(
  ctx: SqlContext,
  companyId: number,
): DeviceCredentialRepository {
  const changed = (db: Db, sipNumber: string) =>
    ctx.emit(db, { entity: 'device-credential', companyId, key: sipNumber });
  const removeWhere = (sipNumber: string, column: 'instance' | 'username', value: string) =>
    ctx.write(async (db) => {
      const gone = await db
        .deleteFrom('device_credentials')
        .where('sip_number', '=', sipNumber)
        .where('company_id', '=', companyId)
        .where(column, '=', value)
        .executeTakeFirst();
      const count = Number(gone.numDeletedRows);
      if (count > 0) await changed(db, sipNumber);
      return count;
    });
  return {
    create: (input) =>
      ctx.write(async (db) => {
        const row = await db
          .insertInto('device_credentials')
          .values({
            username: input.username,
            company_id: companyId,
            sip_number: input.sipNumber,
            instance: input.instance,
            ha1: input.ha1,
            ha1_sha256: input.ha1Sha256,
            created_at: ctx.now(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, input.sipNumber);
        return deviceCredential(row);
      }),
    listByNumber: async (sipNumber) =>
      (
        await ctx.db
          .selectFrom('device_credentials')
          .selectAll()
          .where('sip_number', '=', sipNumber)
          .where('company_id', '=', companyId)
          .orderBy('created_at')
          .orderBy('username')
          .execute()
      ).map(deviceCredential),
    removeByInstance: (sipNumber, instance) => removeWhere(sipNumber, 'instance', instance),
    remove: async (sipNumber, username) => (await removeWhere(sipNumber, 'username', username)) > 0,
  };
}
