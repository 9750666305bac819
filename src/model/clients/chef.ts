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
import type { Calendar } from '../../engine/calendar.js';
import { compile, type Sampler } from '../../engine/distributions.js';
import type { RandomStream } from '../../engine/random.js';
import type { ChefSpec } from '../../scenario/schema.js';
import type { Conn } from '../connection.js';
import type { Instance } from '../topology.js';
import { httpGet, readTimer, tcpProbe, type ClientContext, type Exchange, type ReadTimer } from './http-client.js';
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

/** What a chef-client does when its sleep ends. */
const enum Wake {
  RunStart,
  Probe,
  NextGet,
  RunEnd,
}

/**
 * One instance's chef-client as a state machine driven by callbacks (the loop below in steps):
 * a generator process cost ~8% more CPU on the flagship day. The steps draw and schedule in the
 * order the generator did, so results are byte-identical to it.
 *
 *   sleep to a random point of the cycle
 *   while accepting: draw k, preOhai, restOfRun; sleep preOhai; probe;
 *     for each of k GETs (think time between them); report the crawl; sleep restOfRun;
 *     close the run's sockets; sleep the interval (+ splay)
 *
 * A callback that an API calls synchronously (a probe or GET that fails at once) is deferred to
 * after the API returns, as a process's resume is, so events keep their sequence order.
 */
export class ChefClient {
  private readonly cal: Calendar;
  private readonly post: boolean;
  private wake = Wake.RunStart;
  // The current run.
  private runStart = 0;
  private counted = false;
  private k = 0;
  private restOfRun = 0;
  private crawlStart = 0;
  private reachable = false;
  private ok = false;
  private held: Conn[] = [];
  private conn: Conn | null = null;
  private lastUsed = 0;
  private i = 0;
  // Synchronous-callback deferral.
  private inCall = false;
  private deferred: (() => void) | null = null;
  private probeResult: Conn | null = null;
  private exchange: Exchange | null = null;
  /** ohai's GETs are sequential: one lazy read timer serves them all. */
  private readonly readTimer: ReadTimer;

  constructor(
    private readonly ctx: ClientContext,
    private readonly spec: ChefSpec,
    private readonly inst: Instance,
    private readonly schedule: RandomStream,
    private readonly runDraws: RunDraws,
    private readonly think: Sampler,
  ) {
    this.cal = ctx.sim.cal;
    this.post = spec.ohai.version === 'post-995';
    this.readTimer = readTimer(this.cal);
  }

  /** Starts the client: its first sleep, to a random point of its cycle (stationary start). */
  start(): this {
    const { spec, cal } = this;
    if (spec.schedule === 'daemon') this.sleep(this.schedule.next() * (spec.interval + spec.splay), Wake.RunStart);
    else this.sleep(spec.cronPeriod - (cal.now % spec.cronPeriod) + this.schedule.next() * spec.splay, Wake.RunStart);
    return this;
  }

  private sleep(delay: number, then: Wake): void {
    this.wake = then;
    this.cal.schedule(delay, onWake, this);
  }

  /** @internal */
  woke(): void {
    switch (this.wake) {
      case Wake.RunStart:
        return this.runStarts();
      case Wake.Probe:
        return this.probe();
      case Wake.NextGet:
        this.i++;
        return this.nextGet();
      case Wake.RunEnd:
        return this.runEnds();
    }
  }

  // After the measurement window no new run starts; the one in progress finishes.
  private runStarts(): void {
    const rec = this.ctx.rec;
    if (!rec.accepting) return;
    this.runStart = this.cal.now;
    this.counted = rec.runStarted(this.ctx.pop);
    // Draw the run's shape up front, in a fixed order, so compared designs see the same runs.
    this.k = this.runDraws.k();
    const preOhai = this.runDraws.preOhai.sample();
    this.restOfRun = this.runDraws.restOfRun.sample();
    this.sleep(preOhai, Wake.Probe);
  }

  private probe(): void {
    this.crawlStart = this.cal.now;
    this.beginCall();
    tcpProbe(this.ctx, this.inst, this.spec.ohai.probeTimeout, this.onProbe);
    this.endCall(this.probed);
  }

  private readonly onProbe = (c: Conn | null): void => {
    this.probeResult = c;
    if (this.inCall) this.deferred = this.probed;
    else this.probed();
  };

  private readonly probed = (): void => {
    const probe = this.probeResult;
    this.probeResult = null;
    this.reachable = probe !== null;
    this.held = [];
    if (probe !== null) this.leak(probe);
    this.ok = this.reachable;
    if (!this.reachable) return this.crawlEnds();
    this.conn = null;
    this.lastUsed = 0;
    this.i = 0;
    this.nextGet();
  };

  /** GET number i (0-based) of the crawl, or its end after k. */
  private nextGet(): void {
    if (this.i >= this.k) return this.crawlEnds();
    // Net::HTTP reconnects when the gap since the last exchange exceeds keep_alive_timeout.
    const { ohai } = this.spec;
    if (this.conn !== null && this.cal.now - this.lastUsed > ohai.keepAliveTimeout) {
      this.conn.close();
      this.conn = null;
    }
    const existing = this.post ? this.conn : null;
    this.beginCall();
    httpGet(this.ctx, this.inst, existing, ohai.openTimeout, ohai.readTimeout, this.onExchange, -1, this.readTimer);
    this.endCall(this.exchanged);
  }

  private readonly onExchange = (x: Exchange): void => {
    this.exchange = x;
    if (this.inCall) this.deferred = this.exchanged;
    else this.exchanged();
  };

  private readonly exchanged = (): void => {
    const x = this.exchange!;
    this.exchange = null;
    if (x.outcome !== 'ok') {
      this.ok = false;
      x.conn?.close();
      return this.crawlEnds();
    }
    if (this.post) {
      if (x.conn !== this.conn && x.conn !== null) this.held.push(x.conn);
      this.conn = x.conn;
      this.lastUsed = this.cal.now;
    } else if (x.conn !== null) this.leak(x.conn);
    if (this.i < this.k - 1) return this.sleep(this.think.sample(), Wake.NextGet);
    this.i++;
    this.nextGet();
  };

  private crawlEnds(): void {
    const { closeIdleAfter } = this.spec.ohai;
    if (
      this.reachable &&
      this.post &&
      this.conn !== null &&
      closeIdleAfter !== undefined &&
      closeIdleAfter < this.restOfRun
    )
      this.cal.schedule(closeIdleAfter, closeConn, this.conn);
    // The run's outcome is known when the crawl ends (ohai's plugin time is the time to metadata).
    const now = this.cal.now;
    const outcome = !this.reachable ? 'skipped' : this.ok ? 'ok' : 'failed';
    if (this.counted) this.ctx.rec.runResolved(this.ctx.pop, outcome, now - this.crawlStart, now);
    this.sleep(this.restOfRun, Wake.RunEnd);
  }

  private runEnds(): void {
    for (const c of this.held) c.close();
    this.held = [];
    this.conn = null;
    if (this.counted) this.ctx.rec.runEnded(this.ctx.pop, this.cal.now - this.runStart);
    const { spec, cal } = this;
    if (spec.schedule === 'daemon') this.sleep(spec.interval + this.schedule.next() * spec.splay, Wake.RunStart);
    else this.sleep(spec.cronPeriod - (cal.now % spec.cronPeriod) + this.schedule.next() * spec.splay, Wake.RunStart);
  }

  /** An unreachable connection: closed by GC after its drawn delay, or with the run's process. */
  private leak(c: Conn): void {
    this.held.push(c);
    if (this.runDraws.gc !== null) this.cal.schedule(this.runDraws.gc.sample(), closeConn, c);
  }

  /** Around an API call: a callback it makes synchronously continues (`then`) only after it returns. */
  private beginCall(): void {
    this.inCall = true;
    this.deferred = null;
  }

  private endCall(then: () => void): void {
    this.inCall = false;
    if (this.deferred === then) {
      this.deferred = null;
      then();
    }
  }
}

const onWake = (c: ChefClient): void => c.woke();

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
    new ChefClient(ctx, spec, inst, sim.streams.stream(`${base}/schedule`), draws, think).start();
  }
};
