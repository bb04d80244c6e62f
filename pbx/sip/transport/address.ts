/** "::ffff:127.0.0.1" → "127.0.0.1", as the rest of the PBX writes IPv4 addresses. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
