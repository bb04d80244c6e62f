import { permittedNumbers, whyNoRegional, whyNotPermitted } from './candidates';
import { explainReason, explainRefusal } from './explain';
import type {
  CallerIdDecision,
  CallerIdInput,
  CallerIdReason,
  CallerIdRefusalWhy,
  CallerIdWhy,
  CompanyNumberInfo,
} from './types';

type Regional = CompanyNumberInfo & { region: string };
type Hit = { number: string; reason: CallerIdReason };
/** The mode found nothing: why, and which numbers it tried (so the fallback does not repeat them). */
type Miss = { number: null; because: CallerIdWhy[]; tried: string[] };

const miss = (because: CallerIdWhy[], tried: string[] = []): Miss => ({
  number: null,
  because,
  tried,
});

/**
 * The number the client sees on a call from a SIP number to an external number (SPEC §3), or
 * a `noCallerId` refusal when region restrictions leave no company number. Emergency calls
 * never come here. Calls `input.random` once in the random modes and the random fallback, never
 * otherwise.
 */
export function decideCallerId(input: CallerIdInput): CallerIdDecision {
  const permitted = permittedNumbers(input);
  if (permitted.length === 0) {
    const why: CallerIdRefusalWhy = input.companyNumbers.some((info) => info.enabled)
      ? { kind: 'rules-leave-none', regions: [...input.client.regions] }
      : { kind: 'no-enabled' };
    return { ok: false, refusal: 'noCallerId', why, explanation: explainRefusal(why) };
  }
  const pick = pickByMode(input, permitted);
  const { number, reason } = pick.number === null ? fallback(input, permitted, pick) : pick;
  return { ok: true, number, reason, explanation: explainReason(reason, input) };
}

function pickByMode(input: CallerIdInput, permitted: CompanyNumberInfo[]): Hit | Miss {
  switch (input.mode) {
    case 'fixed':
      return pickFixed(input, permitted);
    case 'familiar':
      return pickFamiliar(input, permitted);
    case 'familiar-or-regional': {
      const familiar = pickFamiliar(input, permitted);
      if (familiar.number !== null) return familiar;
      const regional = inClientRegion(input, permitted);
      // Decision: not random. The same client sees the same number until a call is answered
      // and it becomes familiar: the default number when it is regional, else the first.
      const chosen = regional.find((info) => info.isDefault) ?? regional[0];
      if (chosen !== undefined) {
        return { number: chosen.number, reason: { kind: 'regional', region: chosen.region } };
      }
      return miss([...familiar.because, whyNoRegional(input)], familiar.tried);
    }
    case 'random':
      return {
        number: draw(permitted, input.random).number,
        reason: { kind: 'random', of: permitted.length },
      };
    case 'random-regional': {
      const regional = inClientRegion(input, permitted);
      if (regional.length === 0) return miss([whyNoRegional(input)]);
      const { number, region } = draw(regional, input.random);
      return { number, reason: { kind: 'random-regional', region, of: regional.length } };
    }
  }
}

const isIn = (number: string, permitted: CompanyNumberInfo[]) =>
  permitted.some((info) => info.number === number);

function pickFixed(input: CallerIdInput, permitted: CompanyNumberInfo[]): Hit | Miss {
  const choice = input.employeeMayChoose ? input.employeeChoice : null;
  if (choice !== null && isIn(choice, permitted)) {
    return { number: choice, reason: { kind: 'employee-choice' } };
  }
  const skipped = choice === null ? undefined : whyNotPermitted('choice', choice, input);
  const fixed = input.fixedNumber ?? defaultNumber(input)?.number;
  if (fixed !== undefined && isIn(fixed, permitted)) {
    return {
      number: fixed,
      reason: skipped === undefined ? { kind: 'fixed' } : { kind: 'fixed', skipped },
    };
  }
  const why: CallerIdWhy =
    fixed === undefined
      ? { kind: 'no-fixed' }
      : whyNotPermitted(input.fixedNumber === null ? 'default' : 'fixed', fixed, input);
  const tried = [choice, fixed].filter((n): n is string => n !== null && n !== undefined);
  return miss(skipped === undefined ? [why] : [skipped, why], tried);
}

function pickFamiliar(input: CallerIdInput, permitted: CompanyNumberInfo[]): Hit | Miss {
  const familiar = input.familiar;
  if (familiar === null) return miss([{ kind: 'no-familiar' }]);
  const { companyNumber, at } = familiar;
  if (isIn(companyNumber, permitted)) {
    return { number: companyNumber, reason: { kind: 'familiar', at } };
  }
  return miss([whyNotPermitted('familiar', companyNumber, input)], [companyNumber]);
}

/** Same region, not same code (SPEC §3): a two-subject client matches either subject. */
function inClientRegion(input: CallerIdInput, permitted: CompanyNumberInfo[]): Regional[] {
  return permitted.filter(
    (info): info is Regional => info.region !== null && input.client.regions.includes(info.region),
  );
}

/** Uniform over `from` (non-empty); a source outside [0, 1) is clamped rather than trusted. */
function draw<T>(from: readonly T[], random: () => number): T {
  const r = random();
  const index = Number.isFinite(r) ? Math.floor(r * from.length) : 0;
  return from[Math.min(from.length - 1, Math.max(0, index))] as T;
}

function defaultNumber(input: CallerIdInput): CompanyNumberInfo | undefined {
  return input.companyNumbers.find((info) => info.isDefault);
}

/**
 * The mode found nothing (SPEC §3): the default number if permitted; else a permitted number in
 * the client's region, the first (a client keeps seeing the same one); else any permitted
 * number at random. SPEC §3 refuses only when nothing is left.
 */
function fallback(input: CallerIdInput, permitted: CompanyNumberInfo[], pick: Miss): Hit {
  const fallbackNumber = defaultNumber(input);
  if (fallbackNumber !== undefined && isIn(fallbackNumber.number, permitted)) {
    return {
      number: fallbackNumber.number,
      reason: { kind: 'default-fallback', because: pick.because },
    };
  }
  const because = [...pick.because];
  if (fallbackNumber === undefined) because.push({ kind: 'no-default' });
  else if (!pick.tried.includes(fallbackNumber.number)) {
    because.push(whyNotPermitted('default', fallbackNumber.number, input));
  }
  const regional = inClientRegion(input, permitted)[0];
  if (regional !== undefined) {
    return {
      number: regional.number,
      reason: { kind: 'regional-fallback', region: regional.region, because },
    };
  }
  if (input.client.regions.length > 0 && !because.some((why) => why.kind === 'no-regional')) {
    because.push(whyNoRegional(input));
  }
  return {
    number: draw(permitted, input.random).number,
    reason: { kind: 'random-fallback', of: permitted.length, because },
  };
}
