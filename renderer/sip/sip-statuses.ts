/**
 * The SIP failure statuses (4xx–6xx) the softphone can meet, and where each comes from: the
 * PBX's own answers and refusals (`shared/refusals.ts` adds its statuses to these), JsSIP's
 * local answers, and what a carrier or a colleague's phone sends back through the PBX. Each has
 * a sentence of its own (`sipStatus.N`); any other status gets its class's sentence. A number
 * is never shown.
 */
export const SIP_STATUSES_MET = {
  400: 'PBX (malformed request), JsSIP',
  401: 'PBX (digest challenge that failed)',
  403: 'PBX refusals, JsSIP (REFER refused)',
  404: 'PBX (unknown SIP number), carrier',
  405: 'PBX, JsSIP (method not allowed)',
  407: 'PBX (digest challenge that failed: a deleted employee calling)',
  408: 'PBX and JsSIP (no final answer in time)',
  410: 'carrier (number gone)',
  415: 'JsSIP (unsupported body)',
  416: 'JsSIP (unsupported URI scheme)',
  420: 'PBX (unsupported extension)',
  423: 'PBX (interval too brief)',
  480: 'PBX refusals, JsSIP, carrier',
  481: 'PBX and JsSIP (no such call or transaction)',
  482: 'JsSIP (loop: calling one’s own number)',
  483: 'PBX (too many hops)',
  484: 'PBX (not a number), carrier',
  486: 'PBX (channels full), JsSIP (do not disturb), carrier',
  487: 'PBX and JsSIP (cancelled)',
  488: 'JsSIP (no common media), carrier',
  489: 'JsSIP (unknown event package)',
  491: 'PBX and JsSIP (re-INVITE glare)',
  500: 'PBX and JsSIP (internal error)',
  501: 'JsSIP (not implemented)',
  502: 'carrier (bad gateway)',
  503: 'PBX (no trunk, no media bridge), carrier',
  504: 'carrier (time-out)',
  600: 'carrier (busy everywhere)',
  603: 'PBX and JsSIP (declined)',
  604: 'carrier (does not exist anywhere)',
  606: 'carrier (not acceptable)',
} as const satisfies Record<number, string>;

/** The key of a failure status's sentence: its own, else its class's (4xx, 5xx, 6xx). */
export function statusSentenceKey(status: number): string {
  if (status in SIP_STATUSES_MET) return `sipStatus.${status}`;
  if (status >= 600) return 'sipStatus.class6';
  return status >= 500 ? 'sipStatus.class5' : 'sipStatus.class4';
}
