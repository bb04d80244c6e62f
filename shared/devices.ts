/** Device kinds of a SIP number (SPEC §3); the first three are "the vendor softphone". */
export const DEVICE_KINDS = [
  'softphone-desktop',
  'softphone-web',
  'softphone-mobile',
  'crm-widget',
  'third-party',
] as const;

export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The REGISTER header our softphone sends its kind in. */
export const DEVICE_KIND_HEADER = 'X-Device-Kind';

/** A REGISTER without a known kind is a third-party device. */
export function parseDeviceKind(value: string | undefined): DeviceKind {
  const kind = value?.trim().toLowerCase();
  return (DEVICE_KINDS as readonly string[]).includes(kind ?? '')
    ? (kind as DeviceKind)
    : 'third-party';
}

export function isVendorSoftphone(kind: DeviceKind): boolean {
  return kind === 'softphone-desktop' || kind === 'softphone-web' || kind === 'softphone-mobile';
}

/** How a device reached the PBX (the SIP transport of its REGISTER). */
export type RegisterTransport = 'udp' | 'tcp' | 'tls' | 'ws' | 'wss';

/**
 * The kind a REGISTER counts as (SPEC §3): the vendor softphone only over WebSocket (WS/WSS),
 * since it is a WebRTC app; an IP phone over UDP/TCP/TLS claiming a softphone kind is
 * `third-party`, so it cannot take the place kept for the softphone.
 */
export function registeredDeviceKind(
  header: string | undefined,
  transport: RegisterTransport,
): DeviceKind {
  const declared = parseDeviceKind(header);
  const overWebSocket = transport === 'ws' || transport === 'wss';
  return isVendorSoftphone(declared) && !overWebSocket ? 'third-party' : declared;
}
