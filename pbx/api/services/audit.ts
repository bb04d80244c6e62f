import type { ApiDeps } from '../deps';
import type { SessionContext } from '../sessions';

/** Appends one admin change to the audit log (never a password or HA1: callers pass views). */
export function audit(
  deps: ApiDeps,
  by: SessionContext,
  action: string,
  target: string,
  before: unknown,
  after: unknown,
): void {
  deps.store.audit.append({
    companyId: by.companyId,
    actor: by.actor,
    action,
    target,
    before: before ?? null,
    after: after ?? null,
    at: (deps.now ?? Date.now)(),
  });
}
