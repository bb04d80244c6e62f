/** Bad input to a directory service, naming the field so a form or the CLI can point at it. */
export class DirectoryError extends Error {
  override readonly name = 'DirectoryError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A company's quota, set by the operator, refuses the change (its X-Pbx-Reason token). */
export class QuotaError extends Error {
  override readonly name = 'QuotaError';
  constructor(
    readonly token: 'employee-quota',
    message: string,
  ) {
    super(message);
  }
}
