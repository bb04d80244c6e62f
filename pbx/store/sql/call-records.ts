import type { Selectable } from 'kysely';
import type { CallDirection, CallRecord, CallResult } from '../entities';
import type { CallRecordRepository, CompanyCallRecords } from '../store';
import type { CallRecordsTable } from './schema';
import { clampLimit, type SqlContext } from './context';

const callRecord = (r: Selectable<CallRecordsTable>): CallRecord => ({
  id: r.id,
  callId: r.call_id,
  companyId: r.company_id,
  callerNumber: r.caller_number,
  callerName: r.caller_name,
  calleeNumber: r.callee_number,
  calleeName: r.callee_name,
  callerDevice: r.caller_device,
  calleeDevice: r.callee_device,
  startedAt: r.started_at,
  answeredAt: r.answered_at,
  endedAt: r.ended_at,
  result: r.result as CallResult | null,
  status: r.status,
  direction: r.direction as CallDirection,
  clientNumber: r.client_number,
  companyNumber: r.company_number,
  callerIdReason: r.caller_id_reason,
  transferredBy: r.transferred_by,
  endReason: r.end_reason,
});

/**
 * Call records as the SIP path writes them, for every company. An answered call with a client
 * announces a change of that client's "familiar" number, so every node's directory learns it.
 */
export function sqlCallRecords(ctx: SqlContext): CallRecordRepository {
  return {
    insert: (r) =>
      ctx.write(async (db) => {
        const row = await db
          .insertInto('call_records')
          .values({
            call_id: r.callId,
            company_id: r.companyId,
            caller_number: r.callerNumber,
            caller_name: r.callerName,
            callee_number: r.calleeNumber,
            callee_name: r.calleeName,
            caller_device: r.callerDevice,
            callee_device: r.calleeDevice ?? null,
            started_at: r.startedAt,
            answered_at: null,
            ended_at: null,
            result: null,
            status: null,
            direction: r.direction ?? 'internal',
            client_number: r.clientNumber ?? null,
            company_number: r.companyNumber ?? null,
            caller_id_reason: r.callerIdReason ?? null,
            transferred_by: r.transferredBy ?? null,
            node: r.node ?? null,
            end_reason: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return row.id;
      }),
    get: async (id) => {
      const row = await ctx.db
        .selectFrom('call_records')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row && callRecord(row);
    },
    getByCallId: async (callId) => {
      const row = await ctx.db
        .selectFrom('call_records')
        .selectAll()
        .where('call_id', '=', callId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && callRecord(row);
    },
    markAnswered: (id, at, calleeDevice) =>
      ctx.write(async (db) => {
        const row = await db
          .updateTable('call_records')
          .set({ answered_at: at, callee_device: calleeDevice })
          .where('id', '=', id)
          .returning([
            'company_id',
            'client_number',
            'company_number',
            'direction',
            'caller_number',
            'callee_number',
          ])
          .executeTakeFirst();
        if (row?.client_number && row.company_number) {
          await ctx.emit(db, {
            entity: 'familiar',
            companyId: row.company_id,
            key: row.client_number,
            data: {
              companyNumber: row.company_number,
              answeredAt: at,
              employeeNumber: employeeSide(row),
            },
          });
        }
      }),
    markEnded: (id, at, result, status) =>
      ctx.write(async (db) => {
        await db
          .updateTable('call_records')
          .set({ ended_at: at, result, status })
          .where('id', '=', id)
          .execute();
      }),
    endLeftOpen: (node, at, reason) =>
      ctx.write(async (db) => {
        const ended = await db
          .updateTable('call_records')
          .set({ ended_at: at, result: 'failed', status: null, end_reason: reason })
          .where('ended_at', 'is', null)
          .where((eb) => eb.or([eb('node', '=', node), eb('node', 'is', null)]))
          .executeTakeFirst();
        return Number(ended.numUpdatedRows);
      }),
  };
}

/** One company's call history. */
export function sqlCompanyCallRecords(ctx: SqlContext, companyId: number): CompanyCallRecords {
  return {
    get: async (id) => {
      const row = await ctx.db
        .selectFrom('call_records')
        .selectAll()
        .where('id', '=', id)
        .where('company_id', '=', companyId)
        .executeTakeFirst();
      return row && callRecord(row);
    },
    list: async (query = {}) => {
      let select = ctx.db
        .selectFrom('call_records')
        .selectAll()
        .where('company_id', '=', companyId);
      const { number } = query;
      if (number !== undefined) {
        select = select.where((eb) =>
          eb.or([eb('caller_number', '=', number), eb('callee_number', '=', number)]),
        );
      }
      const rows = await select
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(clampLimit(query.limit))
        .execute();
      return rows.map(callRecord);
    },
    // Served by the partial index call_records_client_answered.
    latestAnsweredWithClient: async (clientNumber) => {
      const row = await ctx.db
        .selectFrom('call_records')
        .select(['company_number', 'answered_at'])
        .where('company_id', '=', companyId)
        .where('client_number', '=', clientNumber)
        .where('client_number', 'is not', null)
        .where('company_number', 'is not', null)
        .where('answered_at', 'is not', null)
        .orderBy('answered_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row?.company_number && row.answered_at !== null
        ? { companyNumber: row.company_number, answeredAt: row.answered_at }
        : undefined;
    },
  };
}

/** The employee's SIP number on a call with a client: the caller out, the callee in. */
export function employeeSide(row: {
  direction: string;
  caller_number: string;
  callee_number: string;
}): string {
  return row.direction === 'outgoing' ? row.caller_number : row.callee_number;
}
