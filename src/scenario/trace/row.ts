/** One request of a trace, as every trace reader hands it on. */
export interface TraceRow {
  /** 1-based line of the file it came from (for messages). */
  line: number;
  /** Seconds: as written (absolute or relative) until the origin is subtracted (./source.ts). */
  time: number;
  /** Instance number: the row goes to the population's instance `instance mod n`. */
  instance: number;
  /** Session id ('' = none): rows of one session on one instance share a connection in turn. */
  session: string;
  /** Keep the connection for the session's next row: 1, 0, or -1 for the default (1 in a session). */
  keepalive: number;
  /** Measured backend service time in seconds, or -1 for none (the model draws it). */
  service: number;
  /** Seconds the client keeps the connection open after the response, or -1 for the default. */
  hold: number;
}

/** A reader of rows in file order; `null` at the end. */
export interface RowSource {
  next(): TraceRow | null;
  close(): void;
}
