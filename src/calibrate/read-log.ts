/**
 * Reading access logs for `calibrate` without ever holding one as a whole string: a log is read
 * in slices of SLICE_BYTES, decoded as UTF-8 across slice ends, cut into lines and handed to the
 * parser a slice at a time, with a pause between slices for Ctrl-C. Only regular files are read
 * (a FIFO or /dev/zero is refused before a byte is read, as for scenarios), each at most
 * MAX_LOG_BYTES and all together at most MAX_LOGS_BYTES; a "line" over MAX_LINE_CHARS (a file
 * with no line breaks) is counted as one malformed line and its text dropped as it is read.
 */
import { closeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { FileRefused, openRegularFile, readInto } from '../scenario/read-file.js';
import type { LogParser } from './parse.js';

/** Bytes read at a time: the largest piece of a log held as a string. */
export const SLICE_BYTES = 4 * 1024 * 1024;
/**
 * Largest log file: about a million HAProxy httplog lines (~250 bytes each). The parsed
 * records (~150 bytes each) are what a log costs in memory, so this bounds that too.
 */
export const MAX_LOG_BYTES = 256 * 1024 * 1024;
/** Largest total of the logs of one calibration. */
export const MAX_LOGS_BYTES = 1024 * 1024 * 1024;
/** Longest line kept: a HAProxy line with long captured headers is a few kB. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Reads the log at `path` into `parser`, slice by slice; `between` runs after each slice (to
 * take signals) and stops the read when it returns false. Returns the file's size. Throws
 * FileRefused.
 */
export async function readLog(
  path: string,
  parser: LogParser,
  between: () => Promise<boolean>,
  maxBytes = MAX_LOG_BYTES,
): Promise<number> {
  const { fd, size } = openRegularFile(path, maxBytes, 'a log');
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.alloc(Math.min(SLICE_BYTES, size + 1));
    const cut = new LineCutter(parser);
    let total = 0;
    for (;;) {
      const got = readInto(fd, buf, 0);
      if (got === 0) break;
      total += got;
      if (total > size) throw new FileRefused('grew while it was being read');
      cut.push(decoder.write(buf.subarray(0, got)));
      if (!(await between())) return total;
    }
    cut.push(decoder.end());
    cut.end();
    return total;
  } finally {
    closeSync(fd);
  }
}

/** Cuts text arriving in pieces into lines (\n or \r\n), keeping the unfinished last one. */
class LineCutter {
  private rest = '';
  /** The current line is over MAX_LINE_CHARS: its text is being dropped until its end. */
  private overlong = false;

  constructor(private readonly parser: LogParser) {}

  push(text: string): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop()!;
    if (this.overlong && lines.length > 0) {
      lines.shift();
      this.overlong = false;
      this.parser.addOverlong();
    }
    this.parser.add(lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
    if (this.rest.length > MAX_LINE_CHARS) {
      this.rest = '';
      this.overlong = true;
    }
  }

  end(): void {
    if (this.overlong) this.parser.addOverlong();
    else if (this.rest !== '') this.parser.add([this.rest.endsWith('\r') ? this.rest.slice(0, -1) : this.rest]);
  }
}
