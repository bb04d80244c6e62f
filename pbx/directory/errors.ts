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
