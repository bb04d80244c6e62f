import type { Directory } from '../directory';
import { refusal } from '../sip/sip-error';
import { DEFAULT_RETURN_CALL_DAYS, type CompanyNumber, type SipNumberWithOwner } from '../store';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Who takes a client's call to a company number, and why (the call record's explanation). */
export interface ReturnCallChoice {
  callee: SipNumberWithOwner;
  explanation: string;
}

/**
 * Return calls (SPEC §3): the employee who last talked to the client through this company
 * number within the company's period (skipped when their number is gone or disabled, or has no
 * device registered now: the client reaches someone rather than a 480), then the
 * number's assignee, then the company's fallback employee; nobody: `480 no-employee`. Reads the
 * in-memory directory only, as the SIP path must.
 */
export function returnCallEmployee(
  directory: Directory,
  companyNumber: CompanyNumber,
  clientNumber: string,
  now: number,
  hasDevices: (sipNumber: string) => boolean = () => true,
): ReturnCallChoice {
  const { companyId, number } = companyNumber;
  const settings = directory.companies.get(companyId)?.returnCalls;
  const days = settings?.days ?? DEFAULT_RETURN_CALL_DAYS;
  const last = directory.callRecords.lastTalkThrough(companyId, number, clientNumber);
  if (last && now - last.answeredAt <= days * DAY_MS) {
    const talked = directory.sipNumbers.get(last.sipNumber);
    if (talked?.companyId === companyId && talked.enabled && hasDevices(talked.number)) {
      const on = new Date(last.answeredAt).toISOString().slice(0, 10);
      return { callee: talked, explanation: `return call: last talked on ${on}` };
    }
  }
  const ofEmployee = (id: number | null | undefined) =>
    id === null || id === undefined ? undefined : directory.sipNumbers.getByEmployee(id);
  const assignee = ofEmployee(companyNumber.inboundEmployeeId);
  if (assignee) return { callee: assignee, explanation: 'return call: the number’s assignee' };
  const fallback = ofEmployee(settings?.fallbackEmployeeId);
  if (fallback?.companyId === companyId) {
    return { callee: fallback, explanation: 'return call: the fallback employee' };
  }
  throw refusal('noEmployee');
}
