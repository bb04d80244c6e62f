import type { CompanyStore } from '../../store';
import type { CompanyDeps } from '../deps';
import type { SessionContext } from '../sessions';

/** Appends one admin change to the audit log (never a password or HA1: callers pass views). */
export async function audit(
  deps: Pick<CompanyDeps, 'now'> & { company: Pick<CompanyStore, 'audit'> },
  by: SessionContext,
  action: string,
  target: string,
  before: unknown,
  after: unknown,
): Promise<void> {
  await deps.company.audit.append({
    actor: by.actor,
    action,
    target,
    before: before ?? null,
    after: after ?? null,
    at: (deps.now ?? Date.now)(),
  });
}
