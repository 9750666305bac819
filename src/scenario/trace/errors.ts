/** A problem at one line (and column) of a trace, shown as `file:LINE: column NAME: reason`. */
export class TraceError extends Error {
  constructor(
    /** 1-based line; 0 for the file as a whole. */
    readonly line: number,
    /** The column's name from the header; '' for the line as a whole. */
    readonly column: string,
    readonly reason: string,
  ) {
    super(`${line > 0 ? `line ${line}: ` : ''}${column ? `column ${column}: ` : ''}${reason}`);
    this.name = 'TraceError';
  }

  /** `file:LINE` as the file part of a message, and the rest. */
  where(file: string): { file: string; path: string; message: string } {
    return {
      file: this.line > 0 ? `${file}:${this.line}` : file,
      path: this.column ? `column ${this.column}` : '',
      message: this.reason,
    };
  }
}
