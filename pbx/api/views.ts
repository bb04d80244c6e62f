import type {
  Absence,
  AuditEntry as AuditEntryView,
  CallRecordView,
  CompanyNumber as CompanyNumberView,
  Device,
  EmployeeDetail,
  RegionRule as RegionRuleView,
  SipNumberView,
} from '../../shared/api';
import type { Binding } from '../registrar/bindings';
import type {
  AbsencePeriod,
  AuditEntry,
  CallRecord,
  CompanyNumber,
  Employee,
  CompanyStore,
  RegionRule,
  SipNumber,
} from '../store';

/** Store data (epoch ms, ids) → the API's shapes (ISO times, names). */
export const iso = (ms: number): string => new Date(ms).toISOString();

export function sipNumberView(number: SipNumber): SipNumberView {
  return {
    number: number.number,
    enabled: number.enabled,
    multiTerminal: number.multiTerminal,
    newestDeviceWins: number.newestDeviceWins,
    channels: number.channels,
    callerIdMode: number.callerIdMode,
    fixedCallerId: number.fixedCallerId,
    employeeMayChooseCallerId: number.employeeMayChooseCallerId,
    internationalAllowed: number.internationalAllowed,
    premiumAllowed: number.premiumAllowed,
    passwordChangedAt: iso(number.passwordChangedAt),
  };
}

export async function employeeDetail(
  company: CompanyStore,
  employee: Employee,
): Promise<EmployeeDetail> {
  const number = await company.sipNumbers.getByEmployee(employee.id);
  return {
    id: employee.id,
    name: employee.name,
    email: employee.email,
    createdAt: iso(employee.createdAt),
    sipNumber: number ? sipNumberView(number) : null,
  };
}

/** A device's id is its binding key, made safe for a URL path. */
export const deviceId = (binding: Binding): string =>
  Buffer.from(binding.key, 'utf8').toString('base64url');

export function deviceView(binding: Binding): Device {
  const { flow } = binding;
  const host = flow.remoteAddress.includes(':') ? `[${flow.remoteAddress}]` : flow.remoteAddress;
  return {
    id: deviceId(binding),
    kind: binding.deviceKind,
    userAgent: binding.userAgent ?? null,
    transport: flow.protocol,
    address: `${host}:${flow.remotePort}`,
    since: iso(binding.registeredAt),
    expiresAt: iso(binding.expiresAt),
  };
}

export async function absenceView(company: CompanyStore, period: AbsencePeriod): Promise<Absence> {
  const colleague =
    period.forwardToEmployeeId === null
      ? undefined
      : await company.employees.get(period.forwardToEmployeeId);
  return {
    id: period.id,
    from: iso(period.from),
    to: iso(period.to),
    reason: period.reason,
    forwardTo: colleague
      ? {
          id: colleague.id,
          name: colleague.name,
          sipNumber: (await company.sipNumbers.getByEmployee(colleague.id))?.number ?? null,
        }
      : null,
  };
}

/**
 * A company number as the API shows it: its region is the admin's override when there is one,
 * else the one its number has (SPEC §3), and the view says which.
 */
export async function companyNumberView(
  company: CompanyStore,
  number: CompanyNumber,
  regionsOf: ((e164: string) => string[]) | undefined,
): Promise<CompanyNumberView> {
  const regionFromNumber = regionsOf?.(number.number)[0] ?? null;
  const employee =
    number.inboundEmployeeId === null
      ? undefined
      : await company.employees.get(number.inboundEmployeeId);
  return {
    id: number.id,
    number: number.number,
    region: number.region ?? regionFromNumber,
    regionFromNumber,
    regionOverridden: number.region !== null,
    enabled: number.enabled,
    isDefault: number.isDefault,
    inboundEmployee: employee ? { id: employee.id, name: employee.name } : null,
  };
}

export function regionRuleView(rule: RegionRule): RegionRuleView {
  return {
    id: rule.id,
    region: rule.region,
    numbers: rule.numbers,
    codes: rule.codes,
    numberRegions: rule.numberRegions,
    effect: rule.effect,
    createdAt: iso(rule.createdAt),
  };
}

export function auditView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: iso(entry.at),
    actor: entry.actor,
    action: entry.action,
    target: entry.target,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
}

/** A call record from one SIP number's point of view. */
export function callView(record: CallRecord, ownNumber: string): CallRecordView {
  const outgoing = record.callerNumber === ownNumber;
  return {
    id: record.id,
    direction: outgoing ? 'outgoing' : 'incoming',
    peerNumber: outgoing ? record.calleeNumber : record.callerNumber,
    peerName: outgoing ? record.calleeName : record.callerName,
    startedAt: iso(record.startedAt),
    answeredAt: record.answeredAt === null ? null : iso(record.answeredAt),
    endedAt: record.endedAt === null ? null : iso(record.endedAt),
    result: record.result,
    transferredBy: record.transferredBy,
  };
}
