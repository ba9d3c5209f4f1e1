// The one error type of NIfTI reading and writing: its message is always one line, "<file>: <reason>".

export class NiftiError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`.replace(/\s*\n\s*/g, ' '));
    this.name = 'NiftiError';
  }
}
