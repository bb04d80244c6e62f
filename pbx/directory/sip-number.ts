import { randomInt } from 'node:crypto';
import type { CompanyStore } from '../store';
import { DirectoryError } from './errors';

/** SPEC §3: seven digits with a leading zero. */
export const SIP_NUMBER_PATTERN = /^0\d{6}$/;

/** Yields an integer in [0, 1 000 000); injectable so tests can force collisions. */
export type SixDigitSource = () => number;

const cryptoSource: SixDigitSource = () => randomInt(0, 1_000_000);
const MAX_ATTEMPTS = 200;

/**
 * Picks a free SIP number: not held by anyone and not named by any call record, so history
 * never points at a stranger (SPEC §3). Call inside the transaction that creates the number.
 */
export async function allocateSipNumber(
  company: Pick<CompanyStore, 'sipNumbers'>,
  random: SixDigitSource = cryptoSource,
): Promise<string> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidate = `0${String(random()).padStart(6, '0')}`;
    if (!SIP_NUMBER_PATTERN.test(candidate)) {
      throw new RangeError(`random source gave ${candidate}, not six digits`);
    }
    if (!(await company.sipNumbers.isTaken(candidate))) return candidate;
  }
  throw new DirectoryError('sipNumber', 'no free SIP number found; try again');
}
