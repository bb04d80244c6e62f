/** Why a REGISTER failed, in the words the status line shows (SPEC §3 refusal table). */
import type { DropReason } from '../../shared/device-drop';
import { JSSIP_CAUSES } from './end-reason';
import { refusalToken } from './pbx-reason';
import type { RegistrationProblem } from './types';

/** What JsSIP's 'registrationFailed' event says, reduced to plain data. */
export interface RegistrationFailureFacts {
  cause?: string;
  status?: number;
  pbxReason?: string;
}

export function mapRegistrationProblem(facts: RegistrationFailureFacts): RegistrationProblem {
  switch (refusalToken(facts.pbxReason)) {
    case 'number-disabled':
      return 'number-disabled';
    case 'device-limit':
      return 'device-limit';
    case 'auth-throttled':
      return 'auth-throttled';
    case 'company-suspended':
      return 'company-suspended';
    // No such SIP number: to the person signing in, the number or password is wrong.
    case 'unknown-number':
      return 'wrong-password';
    default:
      break;
  }
  // A final 401/407 after JsSIP answered the challenge: the password is wrong.
  if (facts.cause === JSSIP_CAUSES.authentication || facts.status === 401 || facts.status === 407) {
    return 'wrong-password';
  }
  if (isTransportFailure(facts.cause)) return 'server-unreachable';
  return 'unknown';
}

/** The problem a drop notice from the PBX names (its WebSocket close frame). */
export function droppedProblem(reason: DropReason): RegistrationProblem {
  return reason;
}

/** Problems the PBX can lift by itself (an admin re-enables): REGISTER is tried again. */
export function mayPassLater(problem: RegistrationProblem): boolean {
  return problem === 'number-disabled' || problem === 'company-suspended';
}

/**
 * The UA stops instead of reconnecting: problems only a new sign-in fixes, and a take-over, after
 * which only the employee's "Use here instead" registers again (no two devices in a loop).
 */
export function stopsRegistering(problem: RegistrationProblem): boolean {
  return endsSignIn(problem) || problem === 'taken-over';
}

/** Problems only a new sign-in fixes: the UA stops instead of reconnecting. */
export function endsSignIn(problem: RegistrationProblem): boolean {
  return (
    problem === 'password-changed' ||
    problem === 'number-removed' ||
    problem === 'device-sign-in-ended'
  );
}

/** The request never got an answer: the connection broke or nothing replied in time. */
export function isTransportFailure(cause: string | undefined): boolean {
  return cause === JSSIP_CAUSES.connection || cause === JSSIP_CAUSES.requestTimeout;
}
