/** Line numbers shown in the UI: 1, 2, ... */

/** The lowest line number (from 1) that no current call holds. */
export function lowestFreeLine(taken: Iterable<number>): number {
  const used = new Set(taken);
  let line = 1;
  while (used.has(line)) line += 1;
  return line;
}

/** The line an `X-Line` header names, when it is a positive whole number. */
export function parseLineHeader(value: string | undefined | null): number | undefined {
  if (!value || !/^\s*\d{1,3}\s*$/.test(value)) return undefined;
  const line = Number(value);
  return line >= 1 ? line : undefined;
}
