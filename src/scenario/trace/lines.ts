/**
 * A text file read line by line through a fixed buffer, so a trace of any length takes the same
 * memory: 64 KiB read at a time, a line at most MAX_LINE characters. Only a regular file is
 * opened (a FIFO or device is refused as the scenario reader refuses them).
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Hash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { TraceError } from './errors.js';

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
      this.fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new TraceError(0, '', code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? 'error'})`);
    }
    const st = fstatSync(this.fd);
    if (!st.isFile()) {
      closeSync(this.fd);
      throw new TraceError(0, '', 'is not a regular file');
    }
    this.size = st.size;
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
