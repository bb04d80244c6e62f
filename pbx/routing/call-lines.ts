import type { SipMessage, SipRequest } from '../sip/message';
import { refusal } from '../sip/sip-error';
import type { NewCallRecord, SipNumberWithOwner } from '../store/store';
import type { DialogTracker } from './dialogs';

/** Who a call comes from: an employee (authenticated), or a client through the carrier. */
export interface CallerSide {
  companyId: number;
  /** The SIP number, or the client's number. */
  number: string;
  employee?: SipNumberWithOwner;
  /** The flow an employee's request came on: which of the number's devices is calling. */
  flowId?: string;
  /** What the call record notes beyond caller and callee. */
  record?: Pick<NewCallRecord, 'direction' | 'clientNumber' | 'companyNumber' | 'callerIdReason'>;
}

export const employeeSide = (employee: SipNumberWithOwner, flowId?: string): CallerSide => ({
  companyId: employee.companyId,
  number: employee.number,
  employee,
  flowId,
});

/**
 * The lines a new call takes on the caller's and the callee's number (SPEC §3 channels),
 * checked on both before either is taken. A transfer's INVITE takes over the line of the
 * dialog it ends: `Replaces` names it on the callee's side; on the caller's side it is the
 * dialog of the REFER this device was sent to call this target (`ReferralTable`), with or
 * without `Referred-By`. `commit` moves the lines taken over once the call is started.
 */
export function planLines(
  dialogs: DialogTracker,
  request: SipRequest,
  caller: CallerSide,
  callee: SipNumberWithOwner,
) {
  const { channels } = dialogs;
  const callId = request.callId;
  const employee = caller.employee;
  const referral =
    employee && caller.flowId !== undefined
      ? dialogs.referrals.find(employee.number, caller.flowId, request.user ?? '')
      : undefined;
  const referredFrom = referral?.callId;
  const replaced = request.replaces?.callId;
  const callerTakeover = referredFrom && channels.lineOf(caller.number, referredFrom);
  const calleeTakeover = replaced && channels.lineOf(callee.number, replaced);

  // A client calling through the carrier has no channels of ours to take.
  const outgoing =
    callerTakeover || !employee ? undefined : channels.check(employee.number, employee.channels);
  if (outgoing && !outgoing.admit) throw refusal('channelsFullOutgoing');
  const incoming = calleeTakeover ? undefined : channels.check(callee.number, callee.channels);
  if (incoming && !incoming.admit) throw refusal('channelsFullIncoming');
  return {
    callerLine: callerTakeover || (outgoing?.admit ? outgoing.line : undefined),
    calleeLine: calleeTakeover || (incoming?.admit ? incoming.line : 1),
    waiting: incoming?.admit === true && incoming.waiting,
    commit: () => {
      // Used up: of two transfers racing for one dialog, the first INVITE takes the line.
      if (referral) dialogs.referrals.use(referral.id);
      if (callerTakeover) channels.takeOver(caller.number, callId, referredFrom);
      if (calleeTakeover) channels.takeOver(callee.number, callId, replaced);
    },
  };
}

/** The interval of a `Session-Expires` header (`90;refresher=uac`), if any (RFC 4028). */
export function sessionSeconds(message: SipMessage): number | undefined {
  return message.sessionExpires?.seconds;
}
