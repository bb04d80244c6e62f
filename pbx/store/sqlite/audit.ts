import type { AuditEntry, AuditRepository } from '../store';
import { clampLimit, clampOffset, type RepoContext } from './common';

interface AuditRow {
  id: number;
  company_id: number;
  actor: string;
  action: string;
  target: string;
  before_json: string | null;
  after_json: string | null;
  at: number;
}

/** Null (and undefined) stay SQL NULL; anything else is stored as JSON text. */
const toJson = (value: unknown): string | null =>
  value === null || value === undefined ? null : JSON.stringify(value);
const fromJson = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

const auditEntry = (r: AuditRow): AuditEntry => ({
  id: r.id,
  companyId: r.company_id,
  actor: r.actor,
  action: r.action,
  target: r.target,
  before: fromJson(r.before_json),
  after: fromJson(r.after_json),
  at: r.at,
});

/** Audit pages are shorter than the other lists by default. */
const AUDIT_PAGE = 50;

export function sqliteAudit({ db }: RepoContext): AuditRepository {
  const insert = db.prepare<[Omit<AuditRow, 'id'>], AuditRow>(
    `INSERT INTO audit_log (company_id, actor, action, target, before_json, after_json, at)
     VALUES (:company_id, :actor, :action, :target, :before_json, :after_json, :at)
     RETURNING *`,
  );
  const page = db.prepare<[{ c: number; limit: number; offset: number }], AuditRow>(
    `SELECT * FROM audit_log WHERE company_id = :c
      ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset`,
  );
  const count = db.prepare<[number], { n: number }>(
    'SELECT count(*) AS n FROM audit_log WHERE company_id = ?',
  );
  return {
    append: (entry) =>
      auditEntry(
        insert.get({
          company_id: entry.companyId,
          actor: entry.actor,
          action: entry.action,
          target: entry.target,
          before_json: toJson(entry.before),
          after_json: toJson(entry.after),
          at: entry.at,
        })!,
      ),
    list: (companyId, query = {}) =>
      page
        .all({
          c: companyId,
          limit: clampLimit(query.limit, AUDIT_PAGE),
          offset: clampOffset(query.offset),
        })
        .map(auditEntry),
    count: (companyId) => count.get(companyId)!.n,
  };
}
