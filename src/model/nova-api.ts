/**
 * The Nova metadata API: `workers` eventlet processes on one listening TCP socket (backlog 128
 * by default, capped by the host's somaxconn), each with a pool of 1000 green threads and one
 * CPU. Per-instance metadata is cached per worker for metadata_cache_expiration; a miss builds
 * it from the database, which waits on I/O (not the worker's CPU), then asks neutron-server's
 * REST API for the instance's security groups (InstanceMetadata in nova/api/metadata/base.py;
 * see neutron-api.ts), waiting for an API worker.
 */
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { NovaCfg } from '../scenario/schema.js';
import type { Conn, Req, ServerEvent } from './connection.js';
import { EventletServer, type EventletWorker } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { SynPolicy } from './tcp-connect.js';
import type { NeutronApi } from './neutron-api.js';
import { OutboundCall, type CallDone } from './outbound-call.js';
import type { ComponentProbe } from './probes.js';
import { TtlCache } from './ttl-cache.js';

/** Nova's green thread for one agent request (one TCP connection each). */
class NovaThread {
  req!: Req;
  constructor(
    readonly w: EventletWorker,
    readonly conn: Conn,
  ) {}
}

export class NovaMetadataApi {
  readonly server: EventletServer;
  cacheHits = 0;
  cacheMisses = 0;
  /** Per worker: instances' metadata, built from a neutron-server call on a miss. */
  private readonly caches: TtlCache<number>[];

  constructor(
    private readonly sim: Simulation,
    cfg: NovaCfg,
    hostSomaxconn: number,
    private readonly syn: SynPolicy,
    private readonly cpu: Sampler,
    private readonly miss: Sampler,
    private readonly neutronApi: NeutronApi,
  ) {
    const listener = new Listener(sim.cal, 'nova-metadata-api', cfg.backlog, hostSomaxconn, 'drop-syn');
    this.server = new EventletServer(
      sim,
      'nova',
      listener,
      cfg.workers,
      cfg.poolSize,
      sim.streams.stream('nova/accept'),
    );
    this.caches = this.server.workers.map(() => new TtlCache<number>(sim.cal, cfg.cacheExpiration));
    this.server.setHandler((w, conn) => conn.next(Infinity, this.onRequest, new NovaThread(w, conn)));
  }

  /**
   * The agent's HTTP call: a new TCP connection per request (SYN retries if Nova's accept
   * queue is full), then the response status; 500 if connect() fails or `timeout` passes.
   */
  call<A>(req: Req, timeout: number, owner: A, done: CallDone<A>): void {
    const c = new OutboundCall(this.sim.cal, req, owner, done);
    c.arm(timeout, 500);
    c.connectTcp(this.server.listener, this.syn);
  }

  private readonly onRequest = (ev: ServerEvent, t: NovaThread): void => {
    if (typeof ev === 'string') return this.server.threadEnded(t.w);
    t.req = ev;
    t.w.cpu.hold(this.cpu.sample(), this.lookup, t);
  };

  private readonly lookup = (t: NovaThread): void => {
    if (this.caches[t.w.index].fresh(t.req.caller.index)) {
      this.cacheHits++;
      this.reply(t);
    } else {
      this.cacheMisses++;
      this.sim.cal.schedule(this.miss.sample(), this.askNeutron, t);
    }
  };

  private readonly askNeutron = (t: NovaThread): void => this.neutronApi.securityGroups(this.built, t);

  private readonly built = (t: NovaThread): void => {
    this.caches[t.w.index].store(t.req.caller.index);
    this.reply(t);
  };

  private reply(t: NovaThread): void {
    t.conn.reply(200);
    this.server.closeAndEnd(t.w, t.conn);
  }

  resetStats(): void {
    this.server.resetStats();
    this.cacheHits = this.cacheMisses = 0;
  }

  probe(): ComponentProbe {
    return this.server.probe('nova-metadata-api', 'nova', 'controller', () => this.resetStats());
  }
}
