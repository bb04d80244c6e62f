import type { ApiSession, ApiSessionRepository } from '../store';
import type { RepoContext } from './common';

interface SessionRow {
  token_hash: string;
  role: string;
  subject_id: number;
  company_id: number;
  created_at: number;
  expires_at: number;
}

const session = (r: SessionRow): ApiSession => ({
  tokenHash: r.token_hash,
  role: r.role as ApiSession['role'],
  subjectId: r.subject_id,
  companyId: r.company_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

/**
 * `get` returns a session as stored, expired or not: the caller compares `expiresAt` with
 * its clock. A session is over at `expiresAt` itself, so `removeExpired(now)` takes those too.
 */
export function sqliteApiSessions({ db }: RepoContext): ApiSessionRepository {
  const insert = db.prepare<[SessionRow]>(
    `INSERT INTO api_sessions (token_hash, role, subject_id, company_id, created_at, expires_at)
     VALUES (:token_hash, :role, :subject_id, :company_id, :created_at, :expires_at)`,
  );
  const byHash = db.prepare<[string], SessionRow>(
    'SELECT * FROM api_sessions WHERE token_hash = ?',
  );
  const setExpiry = db.prepare<[number, string]>(
    'UPDATE api_sessions SET expires_at = ? WHERE token_hash = ?',
  );
  const del = db.prepare<[string]>('DELETE FROM api_sessions WHERE token_hash = ?');
  const delBySubject = db.prepare<[string, number]>(
    'DELETE FROM api_sessions WHERE role = ? AND subject_id = ?',
  );
  const delExpired = db.prepare<[number]>('DELETE FROM api_sessions WHERE expires_at <= ?');
  return {
    create: (s) =>
      void insert.run({
        token_hash: s.tokenHash,
        role: s.role,
        subject_id: s.subjectId,
        company_id: s.companyId,
        created_at: s.createdAt,
        expires_at: s.expiresAt,
      }),
    get: (tokenHash) => {
      const row = byHash.get(tokenHash);
      return row && session(row);
    },
    setExpiry: (tokenHash, expiresAt) => void setExpiry.run(expiresAt, tokenHash),
    remove: (tokenHash) => del.run(tokenHash).changes > 0,
    removeBySubject: (role, subjectId) => delBySubject.run(role, subjectId).changes,
    removeExpired: (now) => delExpired.run(now).changes,
  };
}
