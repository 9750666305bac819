/**
 * The replay trace of parsed access logs (`nmsim calibrate --trace`): one CSV row per request,
 * `time,instance,service`, in order of arrival (parse.ts arrivalTime), times in seconds from the
 * earliest, instances numbered by client address in order of first appearance in the files as given (the rule
 * `kind: replay` applies to a log it reads itself), service the logged response time (HAProxy
 * Tr, eventlet wall time), empty when the log has none (a request that never reached a server).
 */
import { requestRow, type ParseResult } from './parse.js';
import { CalibrationError } from './calibrate.js';

/** Seconds to at most 6 decimals, without floating-point residue (0.1 + 0.2 -> "0.3"). */
const secs = (x: number): string => String(Number(x.toFixed(6)));

export function traceCsv(files: { path: string; result: ParseResult }[]): string {
  const clients = new Map<string, number>();
  const rows: { time: number; instance: number; service: number; order: number }[] = [];
  let undated = 0;
  for (const f of files)
    for (const r of f.result.records) {
      if (!Number.isFinite(r.time)) {
        undated++;
        continue;
      }
      rows.push({ ...requestRow(r, f.result.format, clients), order: rows.length });
    }
  if (undated > 0)
    throw new CalibrationError(
      `--trace: ${undated} request line(s) have no date (eventlet lines without the oslo.log prefix): a replay needs each request's time`,
    );
  rows.sort((a, b) => a.time - b.time || a.order - b.order);
  const t0 = rows.length > 0 ? rows[0].time : 0;
  const out = ['time,instance,service'];
  for (const r of rows) out.push(`${secs(r.time - t0)},${r.instance},${r.service >= 0 ? secs(r.service) : ''}`);
  return out.join('\n') + '\n';
}
