/**
 * A text file read line by line through a fixed buffer, so a trace of any length takes the same
 * memory: 64 KiB read at a time, a line at most MAX_LINE characters. Only a regular file of at
 * most MAX_TRACE_BYTES is opened, through the scenario reader's openRegularFile (a FIFO or
 * device is refused before a byte is read).
 */
import { closeSync, readSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { FileRefused, openRegularFile } from '../read-file.js';
import { TraceError } from './errors.js';

/** Largest trace file read (a hard limit: --allow-large does not lift it). */
export const MAX_TRACE_BYTES = 4 * 1024 ** 3;
const CHUNK = 64 * 1024;
/** Longest line accepted: far above any CSV row or access-log line. */
export const MAX_LINE = 16 * 1024;

export class LineReader {
  /** 1-based number of the line last returned by next(). */
  line = 0;
  readonly size: number;
  private fd: number;
  private readonly buf = Buffer.alloc(CHUNK);
  private readonly decoder = new StringDecoder('utf8');
  private text = '';
  private pos = 0;
  private eof = false;

  /** `hash`, if given, is fed every byte read (the loader's sha256 of the trace). */
  constructor(
    abs: string,
    private readonly hash?: Hash,
  ) {
    try {
      ({ fd: this.fd, size: this.size } = openRegularFile(abs, MAX_TRACE_BYTES, 'a trace'));
    } catch (e) {
      if (e instanceof FileRefused) throw new TraceError(0, '', e.reason);
      throw e;
    }
  }

  /** The next line without its end (\n or \r\n), or null at the end of the file. */
  next(): string | null {
    for (;;) {
      const nl = this.text.indexOf('\n', this.pos);
      if (nl !== -1 || this.eof) {
        if (nl === -1 && this.pos >= this.text.length) return null;
        const end = nl === -1 ? this.text.length : nl;
        let s = this.text.slice(this.pos, end);
        this.pos = nl === -1 ? this.text.length : nl + 1;
        if (s.endsWith('\r')) s = s.slice(0, -1);
        this.line++;
        if (s.length > MAX_LINE) throw new TraceError(this.line, '', `longer than ${MAX_LINE} characters`);
        return s;
      }
      if (this.text.length - this.pos > MAX_LINE)
        throw new TraceError(this.line + 1, '', `longer than ${MAX_LINE} characters`);
      this.fill();
    }
  }

  private fill(): void {
    const n = this.fd === -1 ? 0 : readSync(this.fd, this.buf, 0, CHUNK, null);
    this.text = this.text.slice(this.pos);
    this.pos = 0;
    if (n === 0) {
      this.text += this.decoder.end();
      this.eof = true;
      this.close();
    } else {
      this.hash?.update(this.buf.subarray(0, n));
      this.text += this.decoder.write(this.buf.subarray(0, n));
    }
  }

  close(): void {
    if (this.fd !== -1) closeSync(this.fd);
    this.fd = -1;
  }
}
