/** The PBX domain, also the SIP digest realm, stored with new data when `serve` is given none. */
export const DEFAULT_DOMAIN = 'pbx.local';
