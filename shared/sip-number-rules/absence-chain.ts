import type { RefusalName } from '../refusals';
import { inboundDecision } from './inbound';

/** An employee as the chain sees them: their number's state and the absence in force now. */
export interface ChainMember {
  employeeId: number;
  enabled: boolean;
  absence: { forwardToEmployeeId: number | null } | undefined;
}

export type ChainDecision =
  { kind: 'deliver'; employeeId: number } | { kind: 'refuse'; refusal: RefusalName };

/**
 * Where a call to `calleeId` ends up (SPEC §3): the callee when available; during an absence,
 * the colleague the period names, and when that colleague is absent too, the colleague their
 * own period names, and so on, to the first one available (enabled, not absent, not the
 * caller). A chain that ends at someone absent without a forward, at a disabled number or an
 * unknown employee, at the caller, or that comes back to someone already passed (A→B→A) is
 * refused as absent. A disabled callee refuses as disabled, as `inboundDecision` says.
 */
export function followAbsenceChain(
  calleeId: number,
  memberOf: (employeeId: number) => ChainMember | undefined,
  callerId?: number,
): ChainDecision {
  const absent: ChainDecision = { kind: 'refuse', refusal: 'employeeAbsent' };
  const callee = memberOf(calleeId);
  if (!callee) return { kind: 'refuse', refusal: 'unknownNumber' };
  const passed = new Set<number>();
  let current = callee;
  for (;;) {
    const decision = inboundDecision(current.enabled, current.absence);
    if (decision.kind === 'deliver') return { kind: 'deliver', employeeId: current.employeeId };
    if (decision.kind === 'refuse') return current === callee ? decision : absent;
    passed.add(current.employeeId);
    const next = decision.toEmployeeId;
    if (passed.has(next) || next === callerId) return absent;
    const colleague = memberOf(next);
    if (!colleague?.enabled) return absent;
    current = colleague;
  }
}
