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
