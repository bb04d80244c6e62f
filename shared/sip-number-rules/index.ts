/** The SIP-number rules of SPEC §3, each one pure function, shared by the PBX and the softphone. */
export * from './devices';
export * from './channels';
export * from './inbound';
export * from './absence-chain';
