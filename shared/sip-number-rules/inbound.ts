import type { RefusalName } from '../refusals';

export type InboundDecision =
  | { kind: 'deliver' }
  | { kind: 'forward'; toEmployeeId: number }
  | { kind: 'refuse'; refusal: RefusalName };

/**
 * What happens to a call to a SIP number (SPEC §3): a disabled number refuses it; during an
 * absence period it goes to the colleague the period names, or is refused as absent.
 */
export function inboundDecision(
  enabled: boolean,
  absence: { forwardToEmployeeId: number | null } | undefined,
): InboundDecision {
  if (!enabled) return { kind: 'refuse', refusal: 'numberDisabledTo' };
  if (!absence) return { kind: 'deliver' };
  if (absence.forwardToEmployeeId === null) return { kind: 'refuse', refusal: 'employeeAbsent' };
  return { kind: 'forward', toEmployeeId: absence.forwardToEmployeeId };
}
