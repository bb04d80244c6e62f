/** What the mutation operators share: the roles, the environment, the operator's shape. */
import type { Prng } from './prng';
import type { Outgoing } from './wire';

/** What the message is: an out-of-dialog request, a request inside a dialog, a response. */
export type Role = 'request' | 'in-dialog' | 'response';

export interface MutationEnv {
  /** A Via naming the PBX, as its own requests carry it. */
  pbxVia: string;
  pbxPort: number;
  domain: string;
  /**
   * A UDP port of the fuzzer's that discards what it gets: every address a mutation writes is
   * the PBX's or this one, so nothing the PBX relays reaches another program on the machine.
   */
  sinkPort: number;
}

type Apply = (m: Outgoing, p: Prng, env: MutationEnv) => [string, Outgoing | Buffer];

export interface Operator {
  family: string;
  /** Leaves a byte stream unframable: only for datagrams, WebSocket and throwaway streams. */
  breaksStream?: boolean;
  roles: readonly Role[];
  /** Only for these methods (requests) or CSeq methods (responses). */
  methods?: readonly string[];
  apply: Apply;
}

export const ALL: readonly Role[] = ['request', 'in-dialog', 'response'];
export const REQUESTS: readonly Role[] = ['request', 'in-dialog'];

/** One of `values` and its index (the variant's name). */
export const pickIndexed = (p: Prng, values: readonly string[]): [number, string] => {
  const i = p.int(values.length);
  return [i, values[i]!];
};

/** Byte damage spares digits and dots: a changed address could name another host or port. */
export function isDigitOrDot(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 46;
}
