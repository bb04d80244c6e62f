/** The outgoing caller-ID modes of a SIP number (SPEC §2). */
export const CALLER_ID_MODES = [
  'fixed',
  'familiar',
  'familiar-or-regional',
  'random',
  'random-regional',
] as const;
export type CallerIdMode = (typeof CALLER_ID_MODES)[number];
