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
import type { CompanyDeps } from '../deps';
import { ApiError } from '../errors';
import { employeeOf, sipNumberOfEmployee } from '../scoped';
import type { SessionContext } from '../sessions';
import { employeeDetail, sipNumberView } from '../views';
import { audit } from './audit';

const target = (id: number, sipNumber?: string | null) =>
  sipNumber ? `employee ${id} (${sipNumber})` : `employee ${id}`;

/**
 * A new employee with a SIP number and its password, returned once; with `sendEmail` the
 * first credentials are mailed in the same step, as a reset's are.
 */
export async function addEmployee(
  deps: CompanyDeps,
  by: SessionContext,
  input: { name: string; email?: string | null; sendEmail?: boolean },
): Promise<CreatedEmployee> {
  const { sendEmail = false, ...fields } = input;
  if (sendEmail && !fields.email) {
    throw ApiError.badField('sendEmail', 'the employee has no e-mail address to send it to');
  }
  const created = await deps.company.withTransaction(async (company) => {
    const result = await createEmployee(company, fields, deps.realm);
    const detail = await employeeDetail(company, result.employee);
    await audit(
      { ...deps, company },
      by,
      'employee.create',
      target(detail.id, result.sipNumber),
      null,
      detail,
    );
    return { employee: detail, password: result.password, sipNumber: result.sipNumber };
  });
  deps.events.publish(by.companyId, { type: 'employees-changed' });
  const { employee, password, sipNumber } = created;
  if (!sendEmail || !fields.email || !sipNumber) return { employee, password };
  const to = { name: employee.name, email: fields.email };
  return { employee, ...(await mailCredentials(deps, to, sipNumber, password)) };
}

/** Mails a SIP number's credentials while the password is in hand; a failure is said, not thrown. */
async function mailCredentials(
  deps: CompanyDeps,
  employee: { name: string; email: string },
  login: string,
  password: string,
): Promise<PasswordResetResult> {
  const endpoints = deps.endpoints();
  const message = credentialsMessage({
    employeeName: employee.name,
    login,
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

export async function updateEmployee(
  deps: CompanyDeps,
  by: SessionContext,
  id: number,
  patch: { name?: string; email?: string | null },
): Promise<EmployeeDetail> {
  const detail = await deps.company.withTransaction(async (company) => {
    const before = await employeeDetail(company, await employeeOf(company, id));
    const updated = await company.employees.update(id, patch);
    const after = await employeeDetail(company, updated!);
    await audit(
      { ...deps, company },
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
export async function deleteEmployee(
  deps: CompanyDeps,
  by: SessionContext,
  id: number,
): Promise<void> {
  const removed = await deps.company.withTransaction(async (company) => {
    const before = await employeeDetail(company, await employeeOf(company, id));
    const result = await removeEmployee(company, id);
    await audit(
      { ...deps, company },
      by,
      'employee.delete',
      target(id, result.sipNumber),
      before,
      null,
    );
    return result;
  });
  if (removed.sipNumber) deps.bindings.removeNumber(removed.sipNumber, 'number-removed');
  await deps.sessions.revokeEmployee(id);
  deps.events.publish(by.companyId, { type: 'employees-changed' });
}

export async function updateSipNumber(
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  patch: SipNumberPatch,
): Promise<SipNumberView> {
  await sipNumberOfEmployee(deps.company, employeeId); // 404 before looking at the body
  const { fixedCallerId } = patch;
  if (fixedCallerId && !(await deps.company.companyNumbers.getByNumber(fixedCallerId))) {
    throw ApiError.badField(
      'fixedCallerId',
      `${fixedCallerId} is not one of the company's numbers`,
    );
  }
  const view = await deps.company.withTransaction(async (company) => {
    const current = await sipNumberOfEmployee(company, employeeId);
    const before = sipNumberView(current);
    const after = sipNumberView((await company.sipNumbers.updateSettings(current.number, patch))!);
    await audit(
      { ...deps, company },
      by,
      'sip-number.update',
      target(employeeId, current.number),
      pick(before, patch),
      pick(after, patch),
    );
    return after;
  });
  enforceNumberSettings(deps.bindings, view.number, {
    enabled: view.enabled,
    multiTerminal: view.multiTerminal,
    newestDeviceWins: view.newestDeviceWins,
  });
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
  deps: CompanyDeps,
  by: SessionContext,
  employeeId: number,
  sendEmail: boolean,
): Promise<PasswordResetResult> {
  const employee = await employeeOf(deps.company, employeeId);
  const number = await sipNumberOfEmployee(deps.company, employeeId);
  if (sendEmail && !employee.email) {
    throw ApiError.badField('sendEmail', 'the employee has no e-mail address to send it to');
  }
  const password = await deps.company.withTransaction(async (company) => {
    const next = await resetSipPassword(company, number.number, deps.realm);
    const changedAt = (await company.sipNumbers.get(number.number))?.passwordChangedAt;
    await audit(
      { ...deps, company },
      by,
      'sip-number.reset-password',
      target(employeeId, number.number),
      null,
      {
        passwordChangedAt: changedAt ? new Date(changedAt).toISOString() : null,
        emailed: sendEmail,
      },
    );
    return next;
  });
  await deps.sessions.revokeEmployee(employeeId);
  deps.bindings.removeNumber(number.number, 'password-changed');
  deps.events.publish(by.companyId, {
    type: 'sip-number-changed',
    employeeId,
    sipNumber: number.number,
  });
  if (!sendEmail || !employee.email) return { password, mail: null };
  return mailCredentials(
    deps,
    { name: employee.name, email: employee.email },
    number.number,
    password,
  );
}

/** The fields a patch names, for the audit log's before and after. */
function pick<T extends object>(view: T, patch: object): Partial<T> {
  const keys = Object.keys(patch) as (keyof T)[];
  return Object.fromEntries(keys.map((key) => [key, view[key]])) as Partial<T>;
}
