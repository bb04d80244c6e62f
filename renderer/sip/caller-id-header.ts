/** Reading the PBX's `X-Caller-ID` header (SPEC §3): the number the client sees. */

export const CALLER_ID_HEADER = 'X-Caller-ID';

/** A phone number in E.164, or a short one such as an emergency number: nothing else. */
const NUMBER = /^\+?\d{2,15}$/;

/** The number of a header value, or undefined when it is absent or not a number. */
export function shownCallerId(value: string | undefined | null): string | undefined {
  const number = value?.trim();
  return number && NUMBER.test(number) ? number : undefined;
}
