/**
 * A generic periodic client (monitoring agents, scripts polling instance-id): sessions of
 * `requests` GETs, on one kept-alive connection per session or one connection per request.
 * `interval` is the time from one session's start to the next, as a timer or cron fires: a
 * session that is still waiting does not hold the next one back, so exponential intervals give
 * a Poisson stream whatever the latency (an overloaded server sees the load offered, not a load
 * throttled by its own slowness). `start`/`stop` (seconds after warm-up) bound when sessions
 * start, so a transient load (a migration script, a monitoring roll-out) is described directly.
 */
import { compile, type Sampler } from '../../engine/distributions.js';
import type { Process } from '../../engine/process.js';
import type { RandomStream } from '../../engine/random.js';
import type { PeriodicSpec } from '../../scenario/schema.js';
import type { Conn } from '../connection.js';
import type { Instance } from '../topology.js';
import { HttpGetter, type ClientContext, type Exchange } from './http-client.js';
import type { SpawnPopulation } from './population.js';

/** One session: its GETs in turn; the run is resolved when they are done or one fails. */
function session(ctx: ClientContext, spec: PeriodicSpec, inst: Instance, think: Sampler) {
  return function* (p: Process): Generator<any, void, any> {
    const rec = ctx.rec;
    const getter = new HttpGetter(ctx, inst);
    const counted = rec.runStarted(ctx.pop);
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
    if (counted) {
      rec.runResolved(ctx.pop, ok ? 'ok' : 'failed', p.now - start, p.now);
      rec.runEnded(ctx.pop, p.now - start);
    }
  };
}

export function periodicInstance(
  ctx: ClientContext,
  spec: PeriodicSpec,
  inst: Instance,
  interval: Sampler,
  think: Sampler,
  phase: RandomStream,
  /** Absolute simulated times between which sessions start. */
  active: { from: number; until: number },
) {
  return function* (p: Process): Generator<any, void, any> {
    // Stationary start. Exponential intervals are memoryless, so a full draw is exact; for
    // others a uniform fraction of one draw (exact for constant intervals).
    const first = interval.sample();
    yield p.sleep(active.from + (spec.interval.kind === 'exponential' ? first : phase.next() * first));
    while (ctx.rec.accepting && p.now < active.until) {
      ctx.sim.spawn(session(ctx, spec, inst, think));
      yield p.sleep(interval.sample());
    }
  };
}

/** One periodic client per instance; streams `<name>/i<index>/interval` and `<name>/think`. */
export const spawnPopulation: SpawnPopulation<PeriodicSpec> = ({ ctx, name, instances, warmup, end }, spec) => {
  const { sim } = ctx;
  const think = sim.sampler(spec.thinkTime, `${name}/think`);
  const active = {
    from: spec.start === undefined ? 0 : warmup + spec.start,
    until: spec.stop === undefined ? end : warmup + spec.stop,
  };
  for (const inst of instances) {
    const st = sim.streams.stream(`${name}/i${inst.index}/interval`);
    sim.spawn(periodicInstance(ctx, spec, inst, compile(spec.interval, st), think, st, active));
  }
};
