import type {
  CreatedEmployee,
  EmployeeDetail,
  PasswordResetResult,
  SipNumberPatch,
  SipNumberView,
} from '../../../shared/api';
import { createEmployee, removeEmployee, resetSipPassword } from '../../directory';
import { credentialsMessage } from '../../mail';
import { enforceNumberSettings } from '../../registrar/enforce';
import type { ApiDeps } from '../deps';
import { ApiError } from '../errors';
import { employeeOf, sipNumberOfEmployee } from '../scoped';
import type { SessionContext } from '../sessions';
import { employeeDetail, sipNumberView } from '../views';
import { audit } from './audit';

const target = (id: number, sipNumber?: string | null) =>
  sipNumber ? `employee ${id} (${sipNumber})` : `employee ${id}`;

export function addEmployee(
  deps: ApiDeps,
  by: SessionContext,
  input: { name: string; email?: string | null },
): CreatedEmployee {
  const { store } = deps;
  const created = store.transaction(() => {
    const result = createEmployee(store, { companyId: by.companyId, ...input }, deps.realm);
    const detail = employeeDetail(store, result.employee);
    audit(deps, by, 'employee.create', target(detail.id, result.sipNumber), null, detail);
    return { employee: detail, password: result.password };
  });
  deps.events.publish(by.companyId, { type: 'employees-changed' });
  return created;
}

export function updateEmployee(
  deps: ApiDeps,
  by: SessionContext,
  id: number,
  patch: { name?: string; email?: string | null },
): EmployeeDetail {
  const { store } = deps;
  const detail = store.transaction(() => {
    const before = employeeDetail(store, employeeOf(store, by.companyId, id));
    const updated = store.employees.update(id, patch);
    const after = employeeDetail(store, updated!);
    audit(
      deps,
      by,
      'employee.update',
      target(id, after.sipNumber?.number),
      pick(before, patch),
      pick(after, patch),
    );
    return after;
  });
  deps.events.publish(by.companyId, { type: 'employees-changed' });
  return detail;
}

/** Deletes the employee and the SIP number; its devices are dropped and its sessions end. */
export function deleteEmployee(deps: ApiDeps, by: SessionContext, id: number): void {
  const { store } = deps;
  const removed = store.transaction(() => {
    const before = employeeDetail(store, employeeOf(store, by.companyId, id));
    const result = removeEmployee(store, id);
    audit(deps, by, 'employee.delete', target(id, result.sipNumber), before, null);
    return result;
  });
  if (removed.sipNumber) deps.bindings.removeNumber(removed.sipNumber);
  deps.sessions.revokeEmployee(id);
  deps.events.publish(by.companyId, { type: 'employees-changed' });
}

export function updateSipNumber(
  deps: ApiDeps,
  by: SessionContext,
  employeeId: number,
  patch: SipNumberPatch,
): SipNumberView {
  const { store } = deps;
  sipNumberOfEmployee(store, by.companyId, employeeId); // 404 before looking at the body
  const { fixedCallerId } = patch;
  if (fixedCallerId) {
    const own = store.companyNumbers.getByNumber(fixedCallerId);
    if (own?.companyId !== by.companyId) {
      throw ApiError.badField(
        'fixedCallerId',
        `${fixedCallerId} is not one of the company's numbers`,
      );
    }
  }
  const view = store.transaction(() => {
    const current = sipNumberOfEmployee(store, by.companyId, employeeId);
    const before = sipNumberView(current);
    const after = sipNumberView(store.sipNumbers.updateSettings(current.number, patch)!);
    audit(
      deps,
      by,
      'sip-number.update',
      target(employeeId, current.number),
      pick(before, patch),
      pick(after, patch),
    );
    return after;
  });
  enforceNumberSettings(deps.bindings, view.number, view);
  deps.events.publish(by.companyId, {
    type: 'sip-number-changed',
    employeeId,
    sipNumber: view.number,
  });
  deps.events.publish(by.companyId, { type: 'employees-changed' });
  return view;
}

/**
 * A new password, returned once. The old one stops at once: HA1 replaced, the employee's API
 * sessions revoked and the registered devices dropped (they must register with the new one).
 * With `sendEmail` the credentials are mailed in the same step, the one moment the password exists.
 */
export async function resetPassword(
  deps: ApiDeps,
  by: SessionContext,
  employeeId: number,
  sendEmail: boolean,
): Promise<PasswordResetResult> {
  const { store } = deps;
  const employee = employeeOf(store, by.companyId, employeeId);
  const number = sipNumberOfEmployee(store, by.companyId, employeeId);
  if (sendEmail && !employee.email) {
    throw ApiError.badField('sendEmail', 'the employee has no e-mail address to send it to');
  }
  const password = store.transaction(() => {
    const next = resetSipPassword(store, number.number, deps.realm);
    const changedAt = store.sipNumbers.get(number.number)?.passwordChangedAt;
    audit(deps, by, 'sip-number.reset-password', target(employeeId, number.number), null, {
      passwordChangedAt: changedAt ? new Date(changedAt).toISOString() : null,
      emailed: sendEmail,
    });
    return next;
  });
  deps.sessions.revokeEmployee(employeeId);
  deps.bindings.removeNumber(number.number);
  deps.events.publish(by.companyId, {
    type: 'sip-number-changed',
    employeeId,
    sipNumber: number.number,
  });
  if (!sendEmail || !employee.email) return { password, mail: null };
  const endpoints = deps.endpoints();
  const message = credentialsMessage({
    employeeName: employee.name,
    login: number.number,
    password,
    server: endpoints.server,
    domain: endpoints.domain,
    ports: endpoints.ports,
  });
  try {
    const sent = await deps.mailer.send({ to: employee.email, ...message });
    return { password, mail: { to: employee.email, via: sent.via } };
  } catch (error) {
    deps.log.warn({ to: employee.email, err: (error as Error).message }, 'credentials mail failed');
    return { password, mail: null, mailError: (error as Error).message };
  }
}

/** The fields a patch names, for the audit log's before and after. */
function pick<T extends object>(view: T, patch: object): Partial<T> {
  const keys = Object.keys(patch) as (keyof T)[];
  return Object.fromEntries(keys.map((key) => [key, view[key]])) as Partial<T>;
}
