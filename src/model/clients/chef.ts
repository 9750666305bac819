/**
 * chef-client with ohai's OpenStack plugin, per instance.
 *
 * Schedule: daemon mode sleeps interval + uniform[0, splay) after each run; cron mode starts a
 * run every cronPeriod at a common phase after a uniform[0, splay) sleep, which synchronises
 * nodes. Each run is a forked process, so every socket it opened closes when the run ends.
 *
 * A run: preOhai, then ohai probes 169.254.169.254:80 (probeTimeout; failure skips metadata),
 * then crawls K keys sequentially. Any failed GET aborts the crawl (ohai raises; the run
 * carries on without it). When the sockets close (ohai sources, see ../shared/domain.md
 * "When ohai's sockets close"):
 * - pre-995 (ohai 8.x lib/ohai/mixin/ec2_metadata.rb `http_client`: `Net::HTTP.start(addr)`,
 *   never finished): each GET's connection becomes garbage when the GET returns; Ruby closes
 *   the descriptor when GC frees the object (IO autoclose). So it lives until the earlier of
 *   a per-connection GC delay (`ohai.gcDelay`, [unconfirmed]) and the run end.
 * - post-995 (ohai 13.1 `@conn ||= Net::HTTP.start(...)`, `keep_alive_timeout = 10`): `@conn`
 *   stays reachable, and keep_alive_timeout only decides whether the next GET reuses it
 *   (Net::HTTP#begin_transport reconnects after a longer gap); nothing closes it idle, so it
 *   is open until the run ends. `closeIdleAfter` is an opt-in for clients that do close.
 * - The probe (`can_metadata_connect?` 8.x, `can_socket_connect?` 13.x) never closes a socket
 *   that connected: one more idle connection per run, unreachable at once, so it closes like a
 *   pre-995 GET connection (gcDelay or run end) in both versions.
 */
import type { RandomStream } from '../../engine/random.js';
import type { Process } from '../../engine/process.js';
import { compile, type Sampler } from '../../engine/distributions.js';
import type { ChefSpec } from '../../scenario/schema.js';
import type { Conn } from '../connection.js';
import { waitFor } from '../steps.js';
import type { Instance } from '../topology.js';
import { HttpGetter, tcpProbe, type ClientContext, type Exchange } from './http-client.js';
import type { SpawnPopulation } from './population.js';

/** The per-run draws, in a fixed order: K, preOhai, restOfRun; then gc per leaked connection. */
export interface RunDraws {
  preOhai: Sampler;
  restOfRun: Sampler;
  k: () => number;
  /** GC delay of an unreachable connection; null: collected only at the run end. */
  gc: Sampler | null;
}

const closeConn = (c: Conn): void => c.close();

export function chefInstance(
  ctx: ClientContext,
  spec: ChefSpec,
  inst: Instance,
  schedule: RandomStream,
  runDraws: RunDraws,
  think: Sampler,
) {
  const post = spec.ohai.version === 'post-995';
  const { openTimeout, readTimeout } = spec.ohai;
  const { keepAliveTimeout, closeIdleAfter } = spec.ohai;
  /** An unreachable connection: closed by GC after its drawn delay, or with the run's process. */
  const leak = (c: Conn, held: Conn[]): void => {
    held.push(c);
    if (runDraws.gc !== null) ctx.sim.cal.schedule(runDraws.gc.sample(), closeConn, c);
  };
  return function* (p: Process): Generator<any, void, any> {
    const getter = new HttpGetter(ctx, inst);
    // Stationary start: each daemon is at a random point of its cycle when the window opens.
    if (spec.schedule === 'daemon') yield p.sleep(schedule.next() * (spec.interval + spec.splay));
    else yield p.sleep(spec.cronPeriod - (p.now % spec.cronPeriod) + schedule.next() * spec.splay);
    const rec = ctx.rec;
    // After the measurement window no new run starts; the one in progress finishes.
    while (rec.accepting) {
      const runStart = p.now;
      const counted = rec.runStarted(ctx.pop);
      // Draw the run's shape up front, in a fixed order, so compared designs see the same runs.
      const k = runDraws.k();
      const preOhai = runDraws.preOhai.sample();
      const restOfRun = runDraws.restOfRun.sample();
      yield p.sleep(preOhai);
      const crawlStart = p.now;
      const probe: Conn | null = yield waitFor<Conn | null>((r) => tcpProbe(ctx, inst, spec.ohai.probeTimeout, r));
      const reachable = probe !== null;
      const held: Conn[] = [];
      if (probe !== null) leak(probe, held);
      let ok = reachable;
      if (reachable) {
        let conn: Conn | null = null;
        let lastUsed = 0;
        for (let i = 0; i < k; i++) {
          // Net::HTTP reconnects when the gap since the last exchange exceeds keep_alive_timeout.
          if (conn !== null && p.now - lastUsed > keepAliveTimeout) {
            conn.close();
            conn = null;
          }
          const x: Exchange = yield getter.get(post ? conn : null, openTimeout, readTimeout);
          if (x.outcome !== 'ok') {
            ok = false;
            x.conn?.close();
            break;
          }
          if (post) {
            if (x.conn !== conn && x.conn !== null) held.push(x.conn);
            conn = x.conn;
            lastUsed = p.now;
          } else if (x.conn !== null) leak(x.conn, held);
          if (i < k - 1) yield p.sleep(think.sample());
        }
        if (post && conn !== null && closeIdleAfter !== undefined && closeIdleAfter < restOfRun)
          ctx.sim.cal.schedule(closeIdleAfter, closeConn, conn);
      }
      // The run's outcome is known when the crawl ends (ohai's plugin time is the time to metadata).
      if (counted) rec.runResolved(ctx.pop, !reachable ? 'skipped' : ok ? 'ok' : 'failed', p.now - crawlStart, p.now);
      yield p.sleep(restOfRun);
      for (const c of held) c.close();
      if (counted) rec.runEnded(ctx.pop, p.now - runStart);
      if (spec.schedule === 'daemon') yield p.sleep(spec.interval + schedule.next() * spec.splay);
      else yield p.sleep(spec.cronPeriod - (p.now % spec.cronPeriod) + schedule.next() * spec.splay);
    }
  };
}

/** One chef-client per instance; streams `<name>/i<index>/{schedule,run,gc}` and `<name>/think`. */
export const spawnPopulation: SpawnPopulation<ChefSpec> = ({ ctx, name, instances }, spec) => {
  const { sim } = ctx;
  const think = sim.sampler(spec.ohai.thinkTime, `${name}/think`);
  for (const inst of instances) {
    const base = `${name}/i${inst.index}`;
    const run = sim.streams.stream(`${base}/run`);
    const req = spec.ohai.requests;
    const k = typeof req === 'number' ? () => req : () => req.min + Math.floor(run.next() * (req.max - req.min + 1));
    const draws: RunDraws = {
      preOhai: compile(spec.preOhai, run),
      restOfRun: compile(spec.restOfRun, run),
      k,
      gc: spec.ohai.gcDelay === 'run-end' ? null : compile(spec.ohai.gcDelay, sim.streams.stream(`${base}/gc`)),
    };
    sim.spawn(chefInstance(ctx, spec, inst, sim.streams.stream(`${base}/schedule`), draws, think));
  }
};
