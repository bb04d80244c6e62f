/**
 * Why the PBX dropped a device's registration, told to the device as it happens: a device on a
 * WebSocket gets its connection closed with `DEVICE_DROPPED_CLOSE_CODE` and the reason as the
 * close frame's text (docs/architecture.md, "Telling a device it was dropped").
 */
export const DROP_REASONS = [
  'number-disabled',
  'password-changed',
  'device-removed',
  'number-removed',
  'company-suspended',
  'device-limit',
  /**
   * Another device of a one-device number took the place (the employee's "Use here instead", or
   * "newest device wins"): the dropped device does not register again by itself (SPEC §3).
   */
  'taken-over',
] as const;

export type DropReason = (typeof DROP_REASONS)[number];

/** A WebSocket close code from the private range (RFC 6455 §7.4.2): "your binding was dropped". */
export const DEVICE_DROPPED_CLOSE_CODE = 4001;

/** The reason of a close frame with our code, or undefined for any other close. */
export function droppedReason(code: unknown, reason: unknown): DropReason | undefined {
  if (code !== DEVICE_DROPPED_CLOSE_CODE || typeof reason !== 'string') return undefined;
  return (DROP_REASONS as readonly string[]).includes(reason) ? (reason as DropReason) : undefined;
}
