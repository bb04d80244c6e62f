import type { DirectorySource } from '../directory-source';
import { absence } from './absences';
import { employeeSide } from './call-records';
import { company } from './companies';
import { companyNumber } from './company-numbers';
import { deviceCredential } from './device-credentials';
import { regionRule } from './region-rules';
import { owned, withOwner } from './sip-numbers';
import type { SqlContext } from './context';

/** The in-memory directory's reads, across companies (pbx/directory). */
export function sqlDirectorySource(ctx: SqlContext): DirectorySource {
  const { db } = ctx;
  const answeredWithClient = () =>
    db
      .selectFrom('call_records')
      .select([
        'id',
        'company_id',
        'client_number',
        'company_number',
        'answered_at',
        'direction',
        'caller_number',
        'callee_number',
      ])
      .where('client_number', 'is not', null)
      .where('company_number', 'is not', null)
      .where('answered_at', 'is not', null);
  const familiarRow = (r: {
    id: number;
    company_id: number;
    client_number: string | null;
    company_number: string | null;
    answered_at: number | null;
    direction: string;
    caller_number: string;
    callee_number: string;
  }) => ({
    id: r.id,
    companyId: r.company_id,
    clientNumber: r.client_number!,
    companyNumber: r.company_number!,
    answeredAt: r.answered_at!,
    employeeNumber: employeeSide(r),
  });
  return {
    deviceCredentials: async (sipNumber) => {
      let query = db.selectFrom('device_credentials').selectAll();
      if (sipNumber !== undefined) query = query.where('sip_number', '=', sipNumber);
      return (await query.orderBy('username').execute()).map(deviceCredential);
    },
    companies: async () =>
      (await db.selectFrom('companies').selectAll().orderBy('id').execute()).map(company),
    sipNumbers: async (after, limit) =>
      (
        await withOwner(db).where('s.number', '>', after).orderBy('s.number').limit(limit).execute()
      ).map(owned),
    sipNumbersOfCompany: async (companyId) =>
      (await withOwner(db).where('s.company_id', '=', companyId).execute()).map(owned),
    companyNumbers: async (companyId) => {
      let query = db.selectFrom('company_numbers').selectAll().orderBy('number');
      if (companyId !== undefined) query = query.where('company_id', '=', companyId);
      return (await query.execute()).map(companyNumber);
    },
    absences: async (now, employeeId) => {
      let query = db
        .selectFrom('absence_periods')
        .selectAll()
        .where('to_at', '>', now)
        .orderBy('employee_id')
        .orderBy('from_at')
        .orderBy('id');
      if (employeeId !== undefined) query = query.where('employee_id', '=', employeeId);
      return (await query.execute()).map(absence);
    },
    regionRules: async (sipNumber) => {
      let query = db.selectFrom('region_rules').selectAll().orderBy('id');
      if (sipNumber !== undefined) query = query.where('sip_number', '=', sipNumber);
      return (await query.execute()).map(regionRule);
    },
    companyRegionRules: async (companyId) =>
      (
        await db
          .selectFrom('region_rules')
          .selectAll()
          .where('company_id', '=', companyId)
          .where('sip_number', 'is', null)
          .orderBy('id')
          .execute()
      ).map(regionRule),
    familiar: async (afterId, limit) =>
      (
        await answeredWithClient().where('id', '>', afterId).orderBy('id').limit(limit).execute()
      ).map(familiarRow),
    familiarOf: async (companyId, clientNumber) => {
      const row = await answeredWithClient()
        .where('company_id', '=', companyId)
        .where('client_number', '=', clientNumber)
        .orderBy('answered_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!row) return undefined;
      const { companyId: company, clientNumber: client, ...rest } = familiarRow(row);
      const { companyNumber, answeredAt, employeeNumber } = rest;
      return {
        companyId: company,
        clientNumber: client,
        companyNumber,
        answeredAt,
        employeeNumber,
      };
    },
    domain: async () =>
      (
        await db
          .selectFrom('settings')
          .select('value')
          .where('key', '=', 'domain')
          .executeTakeFirst()
      )?.value,
  };
}
