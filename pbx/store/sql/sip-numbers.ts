import type { Selectable, SqlBool } from 'kysely';
import { CALLER_ID_MODES } from '../../../shared/caller-id-modes';
import type { CallerIdMode, SipNumber, SipNumberSettings, SipNumberWithOwner } from '../entities';
import type { SipNumberRepository, Store } from '../store';
import { bool, type SipNumbersTable } from './schema';
import { definedOnly, type Db, type SqlContext } from './context';
import { revokeDeviceCredentials } from './device-credentials';

type SipRow = Selectable<SipNumbersTable>;

export const sipNumber = (r: SipRow): SipNumber => ({
  number: r.number,
  companyId: r.company_id,
  employeeId: r.employee_id,
  ha1: r.ha1,
  ha1Sha256: r.ha1_sha256,
  enabled: bool(r.enabled),
  multiTerminal: bool(r.multi_terminal),
  newestDeviceWins: bool(r.newest_device_wins),
  channels: r.channels,
  // The shared constant, not a fresh copy from the driver in every row the directory keeps.
  callerIdMode:
    CALLER_ID_MODES.find((mode) => mode === r.caller_id_mode) ?? (r.caller_id_mode as CallerIdMode),
  fixedCallerId: r.fixed_caller_id,
  employeeMayChooseCallerId: bool(r.employee_may_choose_caller_id),
  createdAt: r.created_at,
  passwordChangedAt: r.password_changed_at,
  chosenCallerId: r.chosen_caller_id,
  internationalAllowed: bool(r.international_allowed),
  premiumAllowed: bool(r.premium_allowed),
});

// Not a spread: V8 gave every spread copy a hidden class of its own (400 bytes per kept row).
export const owned = (r: SipRow & { employee_name: string }): SipNumberWithOwner =>
  Object.assign(sipNumber(r), { employeeName: r.employee_name });

const settingsColumns = (s: SipNumberSettings) => ({
  enabled: s.enabled,
  multi_terminal: s.multiTerminal,
  newest_device_wins: s.newestDeviceWins,
  channels: s.channels,
  caller_id_mode: s.callerIdMode,
  fixed_caller_id: s.fixedCallerId,
  employee_may_choose_caller_id: s.employeeMayChooseCallerId,
  international_allowed: s.internationalAllowed,
  premium_allowed: s.premiumAllowed,
});

const DEFAULTS: SipNumberSettings = {
  enabled: true,
  multiTerminal: false,
  newestDeviceWins: false,
  channels: 1,
  callerIdMode: 'fixed',
  fixedCallerId: null,
  employeeMayChooseCallerId: false,
  internationalAllowed: false,
  premiumAllowed: false,
};

/** SIP numbers with their owner's name, as the registrar and the proxy need them. */
export const withOwner = (db: Db) =>
  db
    .selectFrom('sip_numbers as s')
    .innerJoin('employees as e', 'e.id', 's.employee_id')
    .selectAll('s')
    .select('e.name as employee_name');

/** A SIP number by itself: numbers are unique across the PBX (sign-in, the directory's reloads). */
export function sqlSipNumberLookup(ctx: SqlContext): Store['sipNumbers'] {
  return {
    get: async (number) => {
      const row = await withOwner(ctx.db).where('s.number', '=', number).executeTakeFirst();
      return row && owned(row);
    },
    getByEmployee: async (employeeId) => {
      const row = await withOwner(ctx.db)
        .where('s.employee_id', '=', employeeId)
        .executeTakeFirst();
      return row && owned(row);
    },
  };
}

/** One company's SIP numbers. */
export function sqlSipNumbers(ctx: SqlContext, companyId: number): SipNumberRepository {
  const changed = (db: Db, number: string) =>
    ctx.emit(db, { entity: 'sip-number', companyId, key: number });
  const get = async (db: Db, number: string) => {
    const row = await withOwner(db)
      .where('s.number', '=', number)
      .where('s.company_id', '=', companyId)
      .executeTakeFirst();
    return row && owned(row);
  };
  const setColumnsIn = async (db: Db, number: string, columns: Partial<SipRow>) => {
    const done = await db
      .updateTable('sip_numbers')
      .set(columns)
      .where('number', '=', number)
      .where('company_id', '=', companyId)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) === 0) return false;
    await changed(db, number);
    return true;
  };
  const setColumns = (number: string, columns: Partial<SipRow>) =>
    ctx.write((db) => setColumnsIn(db, number, columns));
  return {
    get: (number) => get(ctx.db, number),
    getByEmployee: async (employeeId) => {
      const row = await withOwner(ctx.db)
        .where('s.employee_id', '=', employeeId)
        .where('s.company_id', '=', companyId)
        .executeTakeFirst();
      return row && owned(row);
    },
    create: (input) =>
      ctx.write(async (db) => {
        const at = ctx.now();
        const row = await db
          .insertInto('sip_numbers')
          .values({
            number: input.number,
            company_id: companyId,
            employee_id: input.employeeId,
            ha1: input.ha1,
            ha1_sha256: input.ha1Sha256 ?? null,
            ...settingsColumns({ ...DEFAULTS, ...definedOnly(input) }),
            created_at: at,
            password_changed_at: at,
            chosen_caller_id: null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, row.number);
        return sipNumber(row);
      }),
    updateSettings: (number, patch) =>
      ctx.write(async (db) => {
        const current = await get(db, number);
        if (!current) return undefined;
        const row = await db
          .updateTable('sip_numbers')
          .set(settingsColumns({ ...current, ...definedOnly(patch) }))
          .where('number', '=', number)
          .where('company_id', '=', companyId)
          .returningAll()
          .executeTakeFirstOrThrow();
        await changed(db, number);
        // A disabled number's device credentials end with it (issue 23 item 6); announced
        // after the number, so its devices are told "disabled", not "removed".
        if (!bool(row.enabled)) await revokeDeviceCredentials(db, ctx, companyId, number);
        return sipNumber(row);
      }),
    setHa1: (number, ha1, ha1Sha256 = null) =>
      ctx.write(async (db) => {
        const columns = { ha1, ha1_sha256: ha1Sha256, password_changed_at: ctx.now() };
        if (!(await setColumnsIn(db, number, columns))) return false;
        // A new password ends the device credentials issued with the old one.
        await revokeDeviceCredentials(db, ctx, companyId, number);
        return true;
      }),
    setChosenCallerId: (number, chosen) => setColumns(number, { chosen_caller_id: chosen }),
    remove: (number) =>
      ctx.write(async (db) => {
        const gone = await db
          .deleteFrom('sip_numbers')
          .where('number', '=', number)
          .where('company_id', '=', companyId)
          .executeTakeFirst();
        if (Number(gone.numDeletedRows) === 0) return false;
        await changed(db, number);
        return true;
      }),
    list: async () =>
      (
        await withOwner(ctx.db).where('s.company_id', '=', companyId).orderBy('s.number').execute()
      ).map(owned),
    isTaken: async (number) => {
      const row = await ctx.db
        .selectNoFrom((eb) => [
          eb
            .or([
              eb.exists(eb.selectFrom('sip_numbers').select('number').where('number', '=', number)),
              eb.exists(
                eb.selectFrom('call_records').select('id').where('caller_number', '=', number),
              ),
              eb.exists(
                eb.selectFrom('call_records').select('id').where('callee_number', '=', number),
              ),
            ])
            .as('taken'),
        ])
        .executeTakeFirstOrThrow();
      return bool(row.taken as SqlBool);
    },
  };
}
