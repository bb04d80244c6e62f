/**
 * The request route as a list of named steps (Kamailio's `request_route`, drachtio's
 * `srf.use()`): each step answers the request, or says `'next'` to pass it on. A refusal a step
 * throws (`SipError`) becomes the response; anything else is a fault, left to the barrier.
 */
import { SipError } from '../sip/sip-error';

/** A step passes the request on with `'next'`; returning nothing means it was handled. */
export type Step<Context> = (context: Context) => 'next' | void;

export interface NamedStep<Context> {
  readonly name: string;
  readonly run: Step<Context>;
}

export function step<Context>(name: string, run: Step<Context>): NamedStep<Context> {
  return { name, run };
}

/**
 * Runs the steps in order until one handles the request; a refusal thrown by a step goes to
 * `refuse`. Returns the name of the step that ended the route (undefined: none did).
 */
export function runRoute<Context>(
  route: readonly NamedStep<Context>[],
  context: Context,
  refuse: (context: Context, refusal: SipError, step: string) => void,
): string | undefined {
  for (const { name, run } of route) {
    try {
      if (run(context) !== 'next') return name;
    } catch (error) {
      if (!(error instanceof SipError)) throw error;
      refuse(context, error, name);
      return name;
    }
  }
  return undefined;
}
