/** Reading the PBX's `X-Pbx-Reason` header (SPEC §3) into a typed refusal token. */
import { REFUSALS, type RefusalToken } from '../../shared/refusals';

export const PBX_REASON_HEADER = 'X-Pbx-Reason';

const TOKENS: ReadonlySet<string> = new Set(Object.values(REFUSALS).map((r) => r.token));

/** The refusal token of a header value, or undefined when it is absent or not one we know. */
export function refusalToken(value: string | undefined | null): RefusalToken | undefined {
  const token = value?.trim().toLowerCase();
  return token && TOKENS.has(token) ? (token as RefusalToken) : undefined;
}
