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
  /** The database cannot write (disk full, database gone): a change is refused, calls go on. */
  storageUnavailable: { status: 503, reason: 'Storage Unavailable', token: 'storage-unavailable' },
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
  | 'api-rate-limit'
  | 'storage-unavailable';

export type RefusalName = keyof typeof REFUSALS;

/**
 * Refusals of the SIP protocol itself (RFC 3261) and those only a carrier sees. Each has a token
 * too, so the softphone can name what went wrong instead of guessing from the status; until it
 * has words for a token it falls back to the status.
 */
export const PROTOCOL_REFUSALS = {
  badRequest: { status: 400, reason: 'Bad Request', token: 'bad-request' },
  notOurDomain: { status: 403, reason: 'Not Our Domain', token: 'not-our-domain' },
  credentialsMismatch: {
    status: 403,
    reason: 'Credentials Do Not Match Number',
    token: 'credentials-mismatch',
  },
  fromMismatch: {
    status: 403,
    reason: 'From Does Not Match Credentials',
    token: 'credentials-mismatch',
  },
  notRelaying: { status: 403, reason: 'Not Relaying', token: 'not-relaying' },
  forbidden: { status: 403, reason: 'Forbidden', token: 'forbidden' },
  noRoute: { status: 404, reason: 'No Route To Destination', token: 'no-route' },
  methodNotAllowed: { status: 405, reason: 'Method Not Allowed', token: 'method-not-allowed' },
  requestTimeout: { status: 408, reason: 'Request Timeout', token: 'request-timeout' },
  badExtension: { status: 420, reason: 'Bad Extension', token: 'bad-extension' },
  intervalTooBrief: { status: 423, reason: 'Interval Too Brief', token: 'interval-too-brief' },
  /** A company number with nobody to take the call: only the carrier sees it (SPEC §3). */
  noEmployee: { status: 480, reason: 'No Employee For This Number', token: 'no-employee' },
  noDialog: { status: 481, reason: 'Call/Transaction Does Not Exist', token: 'no-dialog' },
  loopDetected: { status: 482, reason: 'Loop Detected', token: 'loop-detected' },
  tooManyHops: { status: 483, reason: 'Too Many Hops', token: 'too-many-hops' },
  notAcceptable: { status: 488, reason: 'Not Acceptable Here', token: 'not-acceptable' },
  /** RFC 6665 §8.3.2: an event package the PBX does not serve (it serves `dialog`). */
  badEvent: { status: 489, reason: 'Bad Event', token: 'bad-event' },
  tooManySubscriptions: {
    status: 403,
    reason: 'Too Many Subscriptions',
    token: 'too-many-subscriptions',
  },
  /** A SUBSCRIBE from a device that has no registration on the connection it came on. */
  notRegisteredHere: { status: 403, reason: 'Register First', token: 'not-registered-here' },
  requestTerminated: {
    status: 487,
    reason: 'Request Terminated',
    token: 'request-terminated',
  },
  requestPending: { status: 491, reason: 'Request Pending', token: 'request-pending' },
  serverError: { status: 500, reason: 'Server Internal Error', token: 'server-error' },
  outOfOrder: { status: 500, reason: 'Out Of Order Request', token: 'out-of-order' },
  noTrunk: { status: 503, reason: 'No Carrier Trunk Configured', token: 'no-trunk' },
  carrierUnreachable: { status: 503, reason: 'Carrier Unreachable', token: 'carrier-unreachable' },
  serviceUnavailable: { status: 503, reason: 'Service Unavailable', token: 'service-unavailable' },
  /**
   * A far end's failure the back-to-back agent passes on (the carrier's, or a device's without
   * a token of the PBX's): the status and reason are the far end's, this is only the token.
   */
  farEndRefused: { status: 500, reason: 'Far End Refused', token: 'far-end-refused' },
  /** Too many transactions or dialogs open from one address (issue 20): try again shortly. */
  addressBusy: {
    status: 503,
    reason: 'Too Many Requests From Your Address',
    token: 'address-busy',
  },
} as const satisfies Record<string, { status: number; reason: string; token: string }>;

export type ProtocolRefusalName = keyof typeof PROTOCOL_REFUSALS;
export type ProtocolRefusalToken = (typeof PROTOCOL_REFUSALS)[ProtocolRefusalName]['token'];

/** A SIP number (SPEC §3): seven digits with a leading zero. */
export const SIP_NUMBER_PATTERN = /^0\d{6}$/;

export function isSipNumber(text: string): boolean {
  return SIP_NUMBER_PATTERN.test(text);
}
