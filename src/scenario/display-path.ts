/**
 * How a path is shown in messages: relative to the working directory when inside it. Its own
 * module so the CLI's shared code can use it without loading the scenario schema (zod, yaml).
 */
import { isAbsolute, relative } from 'node:path';

export function displayPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r === '' || r.startsWith('..') || isAbsolute(r) ? p : r;
}
