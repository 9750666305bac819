/**
 * Reading a scenario file safely: only a regular file under MAX_FILE_BYTES is read. A device
 * (`/dev/zero` never ends), a FIFO (a read blocks until a writer comes, so it is opened without
 * blocking and refused), a directory or a huge file is refused before any byte is read.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Largest scenario file read. */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Most values a file may hold, counted as its commas and line breaks before it is parsed: the
 * YAML parser takes about 50 us a value, so a 1 MiB flow list of 500,000 numbers would take
 * half a minute to refuse after parsing. 20,000 is about a second at worst, and 20 times the
 * largest shipped scenario chain.
 */
export const MAX_VALUES = 20_000;

/** Commas and line breaks in `text`: an upper bound on its values, counted in one pass. */
export function countValues(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10) n++;
  }
  return n;
}

/** Why a file cannot be read, in words for a message. */
export class FileRefused extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FileRefused';
  }
}

/** The bytes of the regular file at `abs`. Throws FileRefused. */
export function readRegularFile(abs: string, maxBytes = MAX_FILE_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileRefused(
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a scenario file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read it (${code ?? 'error'})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new FileRefused('is a directory, not a scenario file');
    if (!st.isFile()) throw new FileRefused('is not a regular file (a device, FIFO or socket)');
    if (st.size > maxBytes)
      throw new FileRefused(`is ${st.size} bytes, over the limit of ${maxBytes} for a scenario file`);
    // One byte more than its size: a file growing while it is read is refused, not cut short.
    const buf = Buffer.alloc(st.size + 1);
    let n = 0;
    for (;;) {
      let got: number;
      try {
        got = readSync(fd, buf, n, buf.length - n, null);
      } catch (e) {
        throw new FileRefused(`cannot read it (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
      if (got === 0) break;
      n += got;
      if (n === buf.length) throw new FileRefused('grew while it was being read');
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}
