/**
 * chef-client with ohai's OpenStack plugin, per instance.
 *
 * Schedule: daemon mode sleeps interval + uniform[0, splay) after each run; cron mode starts a
 * run every cronPeriod at a common phase after a uniform[0, splay) sleep, which synchronises
 * nodes. Each run is a forked process, so every socket it opened closes when the run ends.
 *
 * A run: preOhai, then ohai probes 169.254.169.254:80 (probeTimeout; failure skips metadata),
 * then crawls K keys sequentially. pre-995: each GET on a new connection that is never closed
 * until the run ends, so an eventlet proxy keeps a green thread per key per node for the rest
 * of the run. post-995: one persistent connection, dropped after keepAliveTimeout idle (or at
 * run end). Any failed GET aborts the crawl (ohai raises; the run carries on without it).
 */
import type { RandomStream } from '../../engine/random.js';
import type { Process } from '../../engine/process.js';
import type { Sampler } from '../../engine/distributions.js';
import type { ChefSpec } from '../../scenario/schema.js';
import type { Conn } from '../connection.js';
import { waitFor } from '../steps.js';
import type { Instance } from '../topology.js';
import { HttpGetter, tcpProbe, type ClientContext, type Exchange } from './http-client.js';

export interface ChefSamplers {
  preOhai: Sampler;
  restOfRun: Sampler;
  think: Sampler;
}

export function chefInstance(
  ctx: ClientContext,
  spec: ChefSpec,
  inst: Instance,
  schedule: RandomStream,
  runDraws: { preOhai: Sampler; restOfRun: Sampler; k: () => number },
  think: Sampler,
) {
  const post = spec.ohai.version === 'post-995';
  const openTimeout = spec.ohai.openTimeout ?? 60;
  const readTimeout = spec.ohai.readTimeout ?? (post ? 10 : 30);
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
      const reachable: boolean = yield waitFor<boolean>((r) => tcpProbe(ctx, inst, spec.ohai.probeTimeout, r));
      const held: Conn[] = [];
      let ok = reachable;
      if (reachable) {
        let conn: Conn | null = null;
        for (let i = 0; i < k; i++) {
          const x: Exchange = yield getter.get(post ? conn : null, openTimeout, readTimeout);
          if (x.outcome !== 'ok') {
            ok = false;
            x.conn?.close();
            break;
          }
          if (post) conn = x.conn;
          else if (x.conn !== null) held.push(x.conn);
          if (i < k - 1) yield p.sleep(think.sample());
        }
        if (post && conn !== null) {
          const c: Conn = conn;
          // The persistent connection is dropped after keepAliveTimeout idle, or with the process.
          if (spec.ohai.keepAliveTimeout < restOfRun) {
            ctx.sim.cal.schedule(spec.ohai.keepAliveTimeout, () => c.close());
          } else held.push(c);
        }
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
