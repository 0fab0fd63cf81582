/** A migration that cannot go on without breaking what it promises to keep. */
export class MigrationError extends Error {}

/** The target already holds something else where the source's event belongs. */
export class MigrationDivergedError extends MigrationError {
  constructor(
    readonly stream: string,
    readonly revision: bigint,
    message: string,
  ) {
    super(message);
  }
}
