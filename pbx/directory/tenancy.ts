import { parseDialled } from '../../shared/phone-numbers';
import { refusal } from '../sip/sip-error';
import type { NewCallRecord, SipNumberWithOwner } from '../store';
import type { Directory } from './directory';

/** What a new call tells about itself, for the company's concurrent-call quota. */
export type CallAdmission = Pick<
  NewCallRecord,
  'companyId' | 'direction' | 'calleeNumber' | 'transferredBy'
>;

/**
 * The operator's rules for each company on the SIP path (SPEC §3, Companies): a suspended
 * company's devices are refused, and its quotas of devices and concurrent calls hold across
 * all its SIP numbers, so one tenant cannot starve the others. Reads the directory only;
 * counts the devices registered per company from the binding table's events.
 */
export class Tenancy {
  private readonly devices = new Map<number, number>();
  /** The company of each SIP number with devices: a number may leave the directory first. */
  private readonly companyOfNumber = new Map<string, { companyId: number; devices: number }>();

  constructor(private readonly directory: Directory) {}

  /** The binding table added a device of a SIP number. */
  deviceAdded(binding: { sipNumber: string }): void {
    const known = this.companyOfNumber.get(binding.sipNumber);
    const companyId =
      known?.companyId ?? this.directory.sipNumbers.get(binding.sipNumber)?.companyId;
    if (companyId === undefined) return;
    if (known) known.devices++;
    else this.companyOfNumber.set(binding.sipNumber, { companyId, devices: 1 });
    this.devices.set(companyId, (this.devices.get(companyId) ?? 0) + 1);
  }

  /** The binding table removed a device of a SIP number. */
  deviceRemoved(binding: { sipNumber: string }): void {
    const known = this.companyOfNumber.get(binding.sipNumber);
    if (!known) return;
    if (--known.devices === 0) this.companyOfNumber.delete(binding.sipNumber);
    const left = (this.devices.get(known.companyId) ?? 1) - 1;
    if (left > 0) this.devices.set(known.companyId, left);
    else this.devices.delete(known.companyId);
  }

  /** Devices registered now across the company's SIP numbers. */
  devicesOf(companyId: number): number {
    return this.devices.get(companyId) ?? 0;
  }

  /** Refuses anything from or to a suspended company's devices (`403 company-suspended`). */
  admit(number: { companyId: number }): void {
    if (this.directory.companies.get(number.companyId)?.status === 'suspended') {
      throw refusal('companySuspended');
    }
  }

  /** How many more devices the company may register now (Infinity without a quota). */
  deviceRoom(companyId: number): number {
    const max = this.directory.companies.get(companyId)?.quotas.maxDevices;
    return max === null || max === undefined ? Infinity : max - this.devicesOf(companyId);
  }

  /**
   * The SIP number as its devices may have it now, for enforcing settings on registered
   * devices: none when it is gone or its company suspended (its devices are dropped).
   */
  admissible(sipNumber: string): SipNumberWithOwner | undefined {
    const number = this.directory.sipNumbers.get(sipNumber);
    if (!number) return undefined;
    return this.directory.companies.get(number.companyId)?.status === 'suspended'
      ? undefined
      : number;
  }

  /**
   * Refuses a new call when the company already has as many in progress as its quota allows.
   * Emergency calls always go out (SPEC §3), and a transfer's call replaces one in progress.
   */
  admitCall(call: CallAdmission, active: number): void {
    const max = this.directory.companies.get(call.companyId)?.quotas.maxConcurrentCalls;
    if (max === null || max === undefined || active < max) return;
    if (call.transferredBy) return;
    if (parseDialled(call.calleeNumber).kind === 'emergency') return;
    throw refusal(call.direction === 'incoming' ? 'callQuotaIncoming' : 'callQuotaOutgoing');
  }
}
