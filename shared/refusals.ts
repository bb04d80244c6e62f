/**
 * Every refusal the PBX gives (SPEC §3): status, reason phrase and the `X-Pbx-Reason` token
 * the softphone turns into words. One table so both sides agree.
 */
export const REFUSALS = {
  deviceInUse: { status: 403, reason: 'Number In Use On Another Device', token: 'device-limit' },
  deviceLimit: { status: 403, reason: 'Device Limit Reached', token: 'device-limit' },
  numberDisabledFrom: { status: 403, reason: 'Number Disabled', token: 'number-disabled' },
  numberDisabledTo: { status: 480, reason: 'Number Disabled', token: 'number-disabled' },
  employeeAbsent: { status: 480, reason: 'Employee Absent', token: 'employee-absent' },
  notRegistered: { status: 480, reason: 'Not Registered', token: 'not-registered' },
  noAnswer: { status: 480, reason: 'No Answer', token: 'no-answer' },
  channelsFullIncoming: { status: 486, reason: 'Busy Here', token: 'channels-full' },
  channelsFullOutgoing: { status: 403, reason: 'No Free Channel', token: 'channels-full' },
  noCallerId: { status: 403, reason: 'No Caller ID Permitted', token: 'no-caller-id' },
  destinationBarred: {
    status: 403,
    reason: 'Destination Not Allowed',
    token: 'destination-barred',
  },
  unknownNumber: { status: 404, reason: 'Not Found', token: 'unknown-number' },
  badNumber: { status: 484, reason: 'Address Incomplete', token: 'bad-number' },
  authThrottled: { status: 403, reason: 'Too Many Failed Attempts', token: 'auth-throttled' },
  mediaBridgeDown: {
    status: 503,
    reason: 'Media Bridge Unavailable',
    token: 'media-bridge-unavailable',
  },
  // Tenants (the operator's quotas and suspension): a company cannot starve the others.
  companySuspended: { status: 403, reason: 'Company Suspended', token: 'company-suspended' },
  deviceQuota: { status: 403, reason: 'Company Device Limit Reached', token: 'device-quota' },
  callQuotaOutgoing: { status: 403, reason: 'Company Call Limit Reached', token: 'call-quota' },
  callQuotaIncoming: { status: 486, reason: 'Busy Here', token: 'call-quota' },
  employeeQuota: { status: 403, reason: 'Employee Limit Reached', token: 'employee-quota' },
  apiRateQuota: { status: 429, reason: 'Too Many Requests', token: 'api-rate-limit' },
} as const satisfies Record<string, Refusal>;

export interface Refusal {
  status: number;
  reason: string;
  token: RefusalToken;
}

export type RefusalToken =
  | 'device-limit'
  | 'number-disabled'
  | 'employee-absent'
  | 'not-registered'
  | 'no-answer'
  | 'channels-full'
  | 'no-caller-id'
  | 'destination-barred'
  | 'unknown-number'
  | 'bad-number'
  | 'auth-throttled'
  | 'media-bridge-unavailable'
  | 'company-suspended'
  | 'device-quota'
  | 'call-quota'
  | 'employee-quota'
  | 'api-rate-limit';

export type RefusalName = keyof typeof REFUSALS;

/** A SIP number (SPEC §3): seven digits with a leading zero. */
export const SIP_NUMBER_PATTERN = /^0\d{6}$/;

export function isSipNumber(text: string): boolean {
  return SIP_NUMBER_PATTERN.test(text);
}
