import type { CallDirection, CallRecord, CallRecordRepository, CallResult } from '../store';
import { clampLimit, type RepoContext } from './common';

interface CallRow {
  id: number;
  call_id: string;
  company_id: number;
  caller_number: string;
  caller_name: string | null;
  callee_number: string;
  callee_name: string | null;
  caller_device: string;
  callee_device: string | null;
  started_at: number;
  answered_at: number | null;
  ended_at: number | null;
  result: string | null;
  status: number | null;
  direction: string;
  client_number: string | null;
  company_number: string | null;
  caller_id_reason: string | null;
  transferred_by: string | null;
}

const callRecord = (r: CallRow): CallRecord => ({
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
});

export function sqliteCallRecords({ db }: RepoContext): CallRecordRepository {
  const insert = db.prepare<
    [Omit<CallRow, 'id' | 'answered_at' | 'ended_at' | 'result' | 'status'>]
  >(
    `INSERT INTO call_records (call_id, company_id, caller_number, caller_name, callee_number,
       callee_name, caller_device, callee_device, started_at, direction, client_number,
       company_number, caller_id_reason, transferred_by)
     VALUES (:call_id, :company_id, :caller_number, :caller_name, :callee_number, :callee_name,
       :caller_device, :callee_device, :started_at, :direction, :client_number, :company_number,
       :caller_id_reason, :transferred_by)`,
  );
  const byId = db.prepare<[number], CallRow>('SELECT * FROM call_records WHERE id = ?');
  const byCallId = db.prepare<[string], CallRow>(
    'SELECT * FROM call_records WHERE call_id = ? ORDER BY id DESC LIMIT 1',
  );
  const answered = db.prepare<[number, string | null, number]>(
    'UPDATE call_records SET answered_at = ?, callee_device = ? WHERE id = ?',
  );
  const ended = db.prepare<[number, string, number | null, number]>(
    'UPDATE call_records SET ended_at = ?, result = ?, status = ? WHERE id = ?',
  );
  const byCompany = db.prepare<[number, number], CallRow>(
    `SELECT * FROM call_records WHERE company_id = ?
      ORDER BY started_at DESC, id DESC LIMIT ?`,
  );
  const byCompanyAndNumber = db.prepare<[{ c: number; n: string; limit: number }], CallRow>(
    `SELECT * FROM call_records
      WHERE company_id = :c AND (caller_number = :n OR callee_number = :n)
      ORDER BY started_at DESC, id DESC LIMIT :limit`,
  );
  // Served by the partial index call_records_client_answered (migration 3).
  const latestWithClient = db.prepare<
    [{ c: number; n: string }],
    { company_number: string; answered_at: number }
  >(
    `SELECT company_number, answered_at FROM call_records
      WHERE company_id = :c AND client_number = :n
        AND client_number IS NOT NULL AND company_number IS NOT NULL AND answered_at IS NOT NULL
      ORDER BY answered_at DESC, id DESC LIMIT 1`,
  );
  return {
    insert: (r) =>
      Number(
        insert.run({
          call_id: r.callId,
          company_id: r.companyId,
          caller_number: r.callerNumber,
          caller_name: r.callerName,
          callee_number: r.calleeNumber,
          callee_name: r.calleeName,
          caller_device: r.callerDevice,
          callee_device: r.calleeDevice ?? null,
          started_at: r.startedAt,
          direction: r.direction ?? 'internal',
          client_number: r.clientNumber ?? null,
          company_number: r.companyNumber ?? null,
          caller_id_reason: r.callerIdReason ?? null,
          transferred_by: r.transferredBy ?? null,
        }).lastInsertRowid,
      ),
    get: (id) => {
      const row = byId.get(id);
      return row && callRecord(row);
    },
    markAnswered: (id, at, calleeDevice) => void answered.run(at, calleeDevice, id),
    markEnded: (id, at, result, status) => void ended.run(at, result, status, id),
    list: (companyId, query = {}) => {
      const limit = clampLimit(query.limit);
      const rows =
        query.number === undefined
          ? byCompany.all(companyId, limit)
          : byCompanyAndNumber.all({ c: companyId, n: query.number, limit });
      return rows.map(callRecord);
    },
    getByCallId: (callId) => {
      const row = byCallId.get(callId);
      return row && callRecord(row);
    },
    latestAnsweredWithClient: (companyId, clientNumber) => {
      const row = latestWithClient.get({ c: companyId, n: clientNumber });
      return row && { companyNumber: row.company_number, answeredAt: row.answered_at };
    },
  };
}
