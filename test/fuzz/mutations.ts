/**
 * Mutation operators: each takes a well-formed message the fuzzer was about to send and breaks
 * one thing in it, the way a broken or hostile peer would. A mutation is named
 * `family:variant`; `--without family` leaves a family out of a run, `--without family@role`
 * only for one role (`request`, `in-dialog`, `response`).
 */
import { CONTENT_OPERATORS } from './mutation-content';
import { ROUTING_OPERATORS } from './mutation-routing';
import type { MutationEnv, Role } from './mutation-types';
import type { Prng } from './prng';
import { Outgoing } from './wire';

export type { MutationEnv, Role } from './mutation-types';

export interface Mutated {
  name: string;
  bytes: Buffer;
}

/** In this order: a seed's choice of operator depends on it (crash-seeds.ts). */
const OPERATORS = [...ROUTING_OPERATORS, ...CONTENT_OPERATORS];

/** The mutation families, for `--without` and the report. */
export const FAMILIES = OPERATORS.map((o) => o.family);

/**
 * Breaks one thing in a copy of `message`; undefined when no operator applies (all left out).
 */
export function mutate(
  message: Outgoing,
  role: Role,
  p: Prng,
  env: MutationEnv,
  without: ReadonlySet<string>,
  /** The message goes on a device's stream connection, which must stay framable. */
  stream = false,
): Mutated | undefined {
  const method = methodOf(message);
  const usable = OPERATORS.filter(
    (o) =>
      o.roles.includes(role) &&
      !(stream && o.breaksStream) &&
      (!o.methods || o.methods.includes(method)) &&
      !without.has(o.family) &&
      !without.has(`${o.family}@${role}`),
  );
  if (usable.length === 0) return undefined;
  const operator = p.pick(usable);
  const [variant, out] = operator.apply(message.clone(), p, env);
  return {
    name: `${operator.family}:${variant}`,
    bytes: out instanceof Outgoing ? out.bytes() : out,
  };
}

function methodOf(message: Outgoing): string {
  if (!message.start.startsWith('SIP/')) return message.start.split(' ')[0]!;
  return (message.get('CSeq') ?? '').split(' ')[1] ?? '';
}
