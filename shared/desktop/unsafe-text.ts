/**
 * Code points that must not reach a notification, a log or a dialled number: C0 and C1
 * controls (newlines among them), bidi overrides that reorder what is shown, line separators.
 */
function isUnsafeCodePoint(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x200e ||
    code === 0x200f ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x2028 ||
    code === 0x2029
  );
}

/** Whether `text` holds a control, bidi-override or line-separator character. */
export function hasUnsafeCharacters(text: string): boolean {
  for (const char of text) if (isUnsafeCodePoint(char.codePointAt(0) ?? 0)) return true;
  return false;
}

/** `text` with every unsafe character replaced by a space. */
export function withoutUnsafeCharacters(text: string): string {
  let clean = '';
  for (const char of text) clean += isUnsafeCodePoint(char.codePointAt(0) ?? 0) ? ' ' : char;
  return clean;
}
