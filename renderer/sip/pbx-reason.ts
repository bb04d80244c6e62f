/** Reading the PBX's `X-Pbx-Reason` header (SPEC §3) into a typed refusal token. */
import * as refusalModule from '../../shared/refusals';
import type { RefusalToken } from '../../shared/refusals';

export const PBX_REASON_HEADER = 'X-Pbx-Reason';

/** One refusal as every table of `shared/refusals.ts` writes it. */
export interface RefusalEntry {
  status: number;
  reason: string;
  token: string;
}

const isEntry = (value: unknown): value is RefusalEntry =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RefusalEntry).status === 'number' &&
  typeof (value as RefusalEntry).token === 'string';

/**
 * Every refusal of every table `shared/refusals.ts` exports (the PBX's rules, and the protocol's
 * own refusals where the module has them), so a table added there is understood here at once.
 */
export const ALL_REFUSALS: readonly RefusalEntry[] = Object.values(refusalModule).flatMap(
  (table: unknown) =>
    typeof table === 'object' && table !== null ? Object.values(table).filter(isEntry) : [],
);

/** A token the PBX may send: the rule refusals' type, and whatever other table it knows. */
export type PbxReasonToken = RefusalToken | (string & { readonly pbxReason?: never });

const TOKENS: ReadonlySet<string> = new Set(ALL_REFUSALS.map((r) => r.token));

/** The refusal token of a header value, or undefined when it is absent or not one we know. */
export function refusalToken(value: string | undefined | null): PbxReasonToken | undefined {
  const token = value?.trim().toLowerCase();
  return token && TOKENS.has(token) ? token : undefined;
}
