/**
 * The loader's side of a replay: find each trace relative to the scenario file that names it,
 * read it once through to check every row (a malformed row is an error before anything runs,
 * `trace.csv:LINE: column NAME: reason`), and record what the bounds and the hash need (rows,
 * span, sha256) in the client's `trace` field. The simulation reads the file again, row by
 * row, when it runs.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { displayPath } from '../display-path.js';
import type { FieldIssue } from '../errors.js';
import { ScenarioError } from '../errors.js';
import type { RawScenario } from '../read.js';
import type { ReplaySpec, Scenario, TraceInfo } from '../schema.js';
import { TraceError } from './errors.js';
import { openTrace, originSeconds } from './source.js';

/** Scans already made, by file identity and the fields that change the rows. */
const scanned = new Map<string, TraceInfo>();
const MAX_REMEMBERED = 64;

/** Reads the trace through once. Throws TraceError for a bad file or row. */
export function scanTrace(abs: string, spec: Pick<ReplaySpec, 'format' | 'timeOrigin'>): TraceInfo {
  // Whether the file can be read at all is for the open below (LineReader: a regular file under
  // MAX_TRACE_BYTES, or a TraceError saying why not); the stat only names the file for the cache.
  const key = fileIdentity(abs, spec);
  const known = key === undefined ? undefined : scanned.get(key);
  if (known) return known;
  const hash = createHash('sha256');
  const rows = openTrace(abs, spec, hash);
  let n = 0;
  let span = 0;
  let instances = 0;
  try {
    for (let r = rows.next(); r !== null; r = rows.next()) {
      n++;
      span = r.time;
      instances = Math.max(instances, r.instance + 1);
    }
  } finally {
    rows.close();
  }
  const info: TraceInfo = { rows: n, span, instances, sha256: hash.digest('hex'), path: abs };
  if (key !== undefined) {
    if (scanned.size >= MAX_REMEMBERED) scanned.clear();
    scanned.set(key, info);
  }
  return info;
}

/** The cache key of a trace: its path, the fields that change its rows, its size and mtime. */
function fileIdentity(abs: string, spec: Pick<ReplaySpec, 'format' | 'timeOrigin'>): string | undefined {
  try {
    const st = statSync(abs);
    return [abs, spec.format, String(spec.timeOrigin), st.size, st.mtimeMs].join('\0');
  } catch {
    return undefined;
  }
}

/** The directory a client's `file` is relative to: that of the file of the chain that set `clients`. */
function baseDir(r: RawScenario): string {
  const owner = r.layers.find((l) => l.data.clients !== undefined) ?? r.layers[0];
  return dirname(resolve(owner?.file ?? r.file));
}

/**
 * Resolves every replay client's trace in place (`trace` filled in, with the absolute path).
 * Problems with the file as a whole come back as field issues on `clients[i].file`; a bad row
 * throws a ScenarioError naming the trace file and line.
 */
export function resolveTraces(s: Scenario, r: RawScenario): FieldIssue[] {
  const issues: FieldIssue[] = [];
  s.clients.forEach((c, i) => {
    if (c.kind !== 'replay') return;
    if (c.timeOrigin !== undefined && Number.isNaN(originSeconds(c.timeOrigin))) {
      issues.push({ path: ['clients', i, 'timeOrigin'], message: 'not a number of seconds or an ISO 8601 date' });
      return;
    }
    const abs = isAbsolute(c.file) ? c.file : resolve(baseDir(r), c.file);
    let info: TraceInfo;
    try {
      info = scanTrace(abs, c);
    } catch (e) {
      if (!(e instanceof TraceError)) throw e;
      if (e.line === 0) {
        issues.push({ path: ['clients', i, 'file'], message: `${JSON.stringify(c.file)}: ${e.reason}` });
        return;
      }
      throw new ScenarioError([e.where(displayPath(abs))]);
    }
    c.trace = info;
    const room = s.duration - c.start;
    if (info.rows > 0 && info.span >= room)
      issues.push({
        path: ['clients', i, 'file'],
        message: `the trace runs ${info.span} s from its origin, past the window (duration ${s.duration} s, start ${c.start} s): its last rows would not be sent; lengthen duration`,
      });
  });
  return issues;
}
