/**
 * cloud-init at boot: after bootDelay, a crawl of `requests` GETs, each on a new connection
 * closed after the response (python-requests without a session). A request that times out or
 * cannot connect is retried `retries` times, `retryWait` apart; an HTTP error (>= 400) is not
 * retried. A request that exhausts its retries fails the crawl. The EC2 datasource first waits
 * for the service: tries of `waitTimeout` each until one answers or `maxWait` has passed.
 */
import { compile, type Sampler } from '../../engine/distributions.js';
import type { Process } from '../../engine/process.js';
import type { CloudInitSpec } from '../../scenario/schema.js';
import type { Instance } from '../topology.js';
import { HttpGetter, type ClientContext, type Exchange } from './http-client.js';
import type { SpawnPopulation } from './population.js';

export function cloudInitInstance(
  ctx: ClientContext,
  spec: CloudInitSpec,
  inst: Instance,
  bootAt: number,
  bootDelay: number,
  think: Sampler,
) {
  return function* (p: Process): Generator<any, void, any> {
    const getter = new HttpGetter(ctx, inst);
    yield p.sleep(Math.max(0, bootAt - p.now));
    const rec = ctx.rec;
    // An instance booting after the window has closed is not part of the storm measured.
    if (!rec.accepting) return;
    const counted = rec.runStarted(ctx.pop);
    const booted = p.now;
    yield p.sleep(bootDelay);
    const start = p.now;
    let ok = true;
    if (spec.datasource === 'ec2') {
      ok = false;
      while (p.now - start < spec.maxWait) {
        const budget = Math.min(spec.waitTimeout, spec.maxWait - (p.now - start));
        const x: Exchange = yield getter.get(null, budget, budget);
        x.conn?.close();
        if (x.outcome === 'ok') {
          ok = true;
          break;
        }
        if (p.now - start + spec.retryWait >= spec.maxWait) break;
        yield p.sleep(spec.retryWait);
      }
    }
    for (let i = 0; i < spec.requests && ok; i++) {
      for (let attempt = 0; ; attempt++) {
        const x: Exchange = yield getter.get(null, spec.timeout, spec.timeout);
        x.conn?.close();
        if (x.outcome === 'ok') break;
        if (x.outcome === 'http5xx' || attempt >= spec.retries) {
          ok = false;
          break;
        }
        yield p.sleep(spec.retryWait);
      }
      if (ok && i < spec.requests - 1) yield p.sleep(think.sample());
    }
    if (counted) {
      // Time to metadata: from boot to the datasource found and the crawl done.
      rec.runResolved(ctx.pop, ok ? 'ok' : 'failed', p.now - booted, p.now);
      rec.runEnded(ctx.pop, p.now - start);
    }
  };
}

/**
 * One cloud-init per instance, booting in wave `j % waves` (j its rank in the population) at a
 * uniform point of the boot window; streams `<name>/i<index>/boot` and `<name>/think`.
 */
export const spawnPopulation: SpawnPopulation<CloudInitSpec> = ({ ctx, name, instances, warmup }, spec) => {
  const { sim } = ctx;
  const think = sim.sampler(spec.thinkTime, `${name}/think`);
  instances.forEach((inst, j) => {
    const st = sim.streams.stream(`${name}/i${inst.index}/boot`);
    const wave = j % spec.boot.waves;
    const bootAt = warmup + spec.boot.start + wave * spec.boot.waveGap + st.next() * spec.boot.window;
    sim.spawn(cloudInitInstance(ctx, spec, inst, bootAt, compile(spec.bootDelay, st).sample(), think));
  });
};
