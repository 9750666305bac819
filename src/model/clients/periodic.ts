/**
 * A generic periodic client (monitoring agents, scripts polling instance-id): sessions of
 * `requests` GETs separated by `interval` draws, on one kept-alive connection per session or
 * one connection per request.
 */
import type { Sampler } from '../../engine/distributions.js';
import type { Process } from '../../engine/process.js';
import type { RandomStream } from '../../engine/random.js';
import type { PeriodicSpec } from '../../scenario/schema.js';
import type { Conn } from '../connection.js';
import type { RunRecord } from '../recorder.js';
import type { Instance } from '../topology.js';
import { HttpGetter, type ClientContext, type Exchange } from './http-client.js';

export function periodicInstance(
  ctx: ClientContext,
  spec: PeriodicSpec,
  inst: Instance,
  interval: Sampler,
  think: Sampler,
  phase: RandomStream,
  record: () => RunRecord,
) {
  return function* (p: Process): Generator<any, void, any> {
    const getter = new HttpGetter(ctx, inst);
    // Stationary start. Exponential intervals are memoryless, so a full draw is exact; for
    // others a uniform fraction of one draw (exact for constant intervals).
    const first = interval.sample();
    yield p.sleep(spec.interval.kind === 'exponential' ? first : phase.next() * first);
    for (;;) {
      const rec = record();
      rec.started++;
      const start = p.now;
      let conn: Conn | null = null;
      let ok = true;
      for (let i = 0; i < spec.requests; i++) {
        const x: Exchange = yield getter.get(spec.keepAlive ? conn : null, spec.timeout, spec.timeout);
        if (spec.keepAlive) conn = x.conn;
        else x.conn?.close();
        if (x.outcome !== 'ok') {
          ok = false;
          break;
        }
        if (i < spec.requests - 1) yield p.sleep(think.sample());
      }
      conn?.close();
      if (ok) rec.ok++;
      else rec.failed++;
      rec.duration.record(p.now - start);
      yield p.sleep(interval.sample());
    }
  };
}
