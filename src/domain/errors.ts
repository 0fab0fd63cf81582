/** A write the archive refuses for what it says, not for how it is shaped (that is a ValidationError). */
export class DomainError extends Error {
  constructor(
    readonly code:
      | 'UNKNOWN_METRIC'
      | 'UNKNOWN_STATEMENT'
      | 'UNKNOWN_RELATION'
      | 'CONFLICT'
      | 'RETRACTED'
      | 'UNIT_MISMATCH'
      | 'DUPLICATE'
      | 'UNTRANSLATABLE',
    readonly path: string,
    message: string,
    /** The file or request the refused input came from, when known. */
    readonly where = '',
  ) {
    super(message);
  }

  in(where: string): DomainError {
    return new DomainError(this.code, this.path, this.message, where);
  }

  at(path: string): DomainError {
    return new DomainError(this.code, path, this.message, this.where);
  }
}
