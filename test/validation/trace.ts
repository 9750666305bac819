/**
 * The replay trace of a measured level: every GET the load generator started inside the
 * window, at its measured start, with the service time the backend was told to take, as the
 * CSV the simulator's replay client reads (`kind: replay`; columns
 * `time,instance,path,session,keepalive,service,hold`).
 *
 * - time: seconds after the first row (the row's start on the load generator's clock; loads run
 *   together are aligned by their t0). `origin` is the first row's start after the window
 *   opened: the replay starts there.
 * - instance: one per client session (a single GET is a session of one), numbered in order of
 *   first appearance.
 * - session, keepalive: ohai's sessions: pre-995 GETs each on a new connection (keepalive 0),
 *   post-995 on one persistent connection (keepalive 1); single GETs have no session.
 * - service: the service time the client drew and the backend took (LoadSpec.service), s.
 * - hold: how long after its response the client kept the connection: ohai keeps every
 *   connection until the session ends (pre-995), or its one connection (post-995, on the last
 *   row); empty where the client closes at once or the request failed.
 *
 * Not in a trace: ohai's TCP probe, a connection without a request (the replay client sends
 * GETs only), and GETs a session started after the window (the replay stops at its end).
 */
import type { LoadResult } from './loadgen.js';

export interface TraceRow {
  time: number;
  instance: number;
  path: string;
  session: string;
  keepalive: 0 | 1;
  service: number | null;
  hold: number | null;
}

export interface Trace {
  /** Seconds from the window's start to the first row. */
  origin: number;
  rows: TraceRow[];
}

const DEFAULT_PATH = '/latest/meta-data/instance-id';

/** The trace of the GETs started inside the window of `loads` (run together; the first sets t0). */
export function traceOf(loads: LoadResult[]): Trace {
  const abs: (TraceRow & { at: number })[] = [];
  const instances = new Map<string, number>();
  loads.forEach((l, p) => {
    const offset = (l.t0 - loads[0].t0) / 1000;
    const ohai = l.spec.mode !== 'poisson';
    const post = l.spec.mode === 'ohai-post995';
    const sessionEnd = new Map(l.sessions.map((s) => [s.session, s.end]));
    const lastOfSession = new Map<number, number>();
    for (const r of l.requests) lastOfSession.set(r.session, Math.max(lastOfSession.get(r.session) ?? -1, r.index));
    for (const r of l.requests) {
      if (r.start >= l.spec.duration) continue;
      const key = `${p}.${r.session}`;
      if (!instances.has(key)) instances.set(key, instances.size);
      const end = sessionEnd.get(r.session);
      const held =
        ohai && r.outcome === 'ok' && end !== undefined && (!post || lastOfSession.get(r.session) === r.index);
      abs.push({
        at: offset + r.start,
        time: 0,
        instance: instances.get(key)!,
        path: l.spec.path ?? DEFAULT_PATH,
        session: ohai ? key : '',
        keepalive: post ? 1 : 0,
        service: r.drawn ?? r.serviceTime ?? null,
        hold: held ? Math.max(0, end! - r.end) : null,
      });
    }
  });
  abs.sort((a, b) => a.at - b.at || a.instance - b.instance);
  const origin = abs.length > 0 ? abs[0].at : 0;
  return { origin, rows: abs.map(({ at, ...row }) => ({ ...row, time: at - origin })) };
}

/**
 * The trace as CSV. `serviceExtra` is added to every service time: the simulator's agent holds a
 * replayed request exactly its `service`, so the simulation's input carries the calibrated hold
 * beyond the service time (Calibration.responseExtra) that the fresh simulation adds to its draws.
 */
export function traceCsv(t: Trace, serviceExtra = 0): string {
  const f = (x: number): string => x.toFixed(6);
  const lines = ['time,instance,path,session,keepalive,service,hold'];
  for (const r of t.rows)
    lines.push(
      [
        f(r.time),
        r.instance,
        r.path,
        r.session,
        r.keepalive,
        r.service === null ? '' : f(r.service + serviceExtra),
        r.hold === null ? '' : f(r.hold),
      ].join(','),
    );
  return lines.join('\n') + '\n';
}
