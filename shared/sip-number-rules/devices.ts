import { isVendorSoftphone, type DeviceKind } from '../devices';
import type { RefusalName } from '../refusals';

/** At most this many devices at once with multi-terminal on (SPEC §2). */
export const MAX_DEVICES = 4;
/** Of them at most this many that are not the vendor softphone, so one place is always kept for it. */
export const MAX_OTHER_DEVICES = 3;

export interface DeviceSlot {
  /** The binding key: `+sip.instance` (+ reg-id), else the Contact URI. */
  key: string;
  kind: DeviceKind;
}

/** What tells a device that restarted from another one (`restartedDevice`). */
export interface DeviceIdentity extends DeviceSlot {
  /** Its `+sip.instance` (RFC 5626), when it sends one. */
  instance?: string;
  /** The IP address its REGISTER came from (any port). */
  address: string;
  userAgent?: string;
  /** A TCP/TLS binding whose connection has closed (RFC 3261 §18: it outlives it). */
  connectionClosed?: boolean;
}

/**
 * On a one-device number, the registered device that `candidate` is under another key: a
 * phone that restarted with a new Contact or port (SPEC §3, as Asterisk's `remove_existing`).
 * The same `+sip.instance`; without two differing instances, the same source address,
 * non-empty User-Agent and kind. Undefined when it is another device.
 */
export function restartedDevice<T extends DeviceIdentity>(
  registered: readonly T[],
  candidate: DeviceIdentity,
): T | undefined {
  return registered.find((device) => {
    if (device.instance && candidate.instance) return device.instance === candidate.instance;
    return (
      !!candidate.userAgent &&
      device.userAgent === candidate.userAgent &&
      device.address === candidate.address &&
      device.kind === candidate.kind
    );
  });
}

/**
 * On any number, the registered device `candidate` is reconnecting as: a TCP/TLS binding whose
 * connection closed, registered from the same address, unless both carry differing instances.
 * Such a phone registers again on a new connection, often with a new Contact; without this,
 * each reconnection would add a device until the old ones expire (up to an hour).
 */
export function reconnectedDevice<T extends DeviceIdentity>(
  registered: readonly T[],
  candidate: DeviceIdentity,
): T | undefined {
  return registered.find((device) => {
    if (!device.connectionClosed || device.key === candidate.key) return false;
    if (device.instance && candidate.instance) return device.instance === candidate.instance;
    return device.address === candidate.address;
  });
}

/**
 * Whether a device may register on a number that has `registered` devices now (SPEC §3).
 * The same device refreshing (same key) is never refused.
 */
export function admitDevice(
  multiTerminal: boolean,
  registered: readonly DeviceSlot[],
  candidate: DeviceSlot,
): 'ok' | Extract<RefusalName, 'deviceInUse' | 'deviceLimit'> {
  const others = registered.filter((d) => d.key !== candidate.key);
  if (others.length === registered.length - 1) return 'ok';
  if (!multiTerminal) return others.length === 0 ? 'ok' : 'deviceInUse';
  if (others.length >= MAX_DEVICES) return 'deviceLimit';
  const nonVendor = others.filter((d) => !isVendorSoftphone(d.kind)).length;
  if (!isVendorSoftphone(candidate.kind) && nonVendor >= MAX_OTHER_DEVICES) return 'deviceLimit';
  return 'ok';
}

/**
 * The devices to drop when the settings changed under them (multi-terminal switched off):
 * the newest registrations are kept, as long as the rules admit them, since they are the
 * devices in use. `registered` is oldest first.
 */
export function devicesOverLimit<T extends DeviceSlot>(
  multiTerminal: boolean,
  registered: readonly T[],
): T[] {
  const kept: T[] = [];
  const dropped: T[] = [];
  for (const device of [...registered].reverse()) {
    if (admitDevice(multiTerminal, kept, device) === 'ok') kept.push(device);
    else dropped.push(device);
  }
  return dropped.reverse();
}
