/**
 * neutron-metadata-agent on one host: listens on the Unix socket $state_path/metadata_proxy
 * (backlog metadata_backlog, capped by the host's somaxconn), `metadata_workers` eventlet
 * processes each with a green pool and one CPU. Per request: parse (CPU), look the caller up
 * by RPC to neutron-server (router proxies first ask for the router's networks, then the port
 * by network and IP; results cached per worker for cacheTtl), call Nova, relay (CPU).
 * With `responseTime` set (calibrated from logs) that chain is replaced by one measured delay,
 * and a replayed request carrying its own measured service time (`Req.service`) is held for
 * exactly that time: what HAProxy's Tr or the agent's wsgi line measured for it.
 */
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { AgentCfg } from '../scenario/schema.js';
import { StageId, type Conn, type Req, type ServerEvent } from './connection.js';
import { EventletServer, type EventletWorker } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { NeutronRpc } from './neutron-rpc.js';
import type { NovaMetadataApi } from './nova-api.js';
import { OutboundCall, type CallDone } from './outbound-call.js';
import type { ComponentProbe } from './probes.js';
import { TtlCache } from './ttl-cache.js';

export interface AgentSamplers {
  cpu: Sampler;
  responseTime: Sampler | null;
}

/** The agent's green thread for one proxied request (one Unix connection each). */
class AgentThread {
  req!: Req;
  /** CPU seconds of this request, spent half before the lookups and half relaying. */
  cpu = 0;
  status = 0;
  /** The lookup waiting on an RPC: the cache its answer fills, the key, and the next step. */
  cache: TtlCache<string | number> | null = null;
  key: string | number = 0;
  afterLookup: ((t: AgentThread) => void) | null = null;
  constructor(
    readonly w: EventletWorker,
    readonly conn: Conn,
  ) {}
}

export class MetadataAgent {
  readonly server: EventletServer;
  cacheHits = 0;
  cacheMisses = 0;
  /** Per worker (oslo.cache is per process): routers' networks by router/network id, ports by instance. */
  private readonly networksCache: TtlCache<string>[];
  private readonly portCache: TtlCache<number>[];

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    private readonly cfg: AgentCfg,
    hostSomaxconn: number,
    private readonly rpc: NeutronRpc,
    private readonly nova: NovaMetadataApi,
    private readonly s: AgentSamplers,
  ) {
    const workers = cfg.workers;
    const listener = new Listener(sim.cal, `${host}/metadata_proxy.sock`, cfg.backlog, hostSomaxconn, 'unix');
    this.server = new EventletServer(
      sim,
      `agent@${host}`,
      listener,
      workers,
      cfg.poolSize,
      sim.streams.stream(`agent/${host}/accept`),
    );
    this.networksCache = this.server.workers.map(() => new TtlCache<string>(sim.cal, cfg.cacheTtl));
    this.portCache = this.server.workers.map(() => new TtlCache<number>(sim.cal, cfg.cacheTtl));
    this.server.setHandler((w, conn) => conn.next(Infinity, this.onRequest, new AgentThread(w, conn)));
  }

  /**
   * A proxy's request: a new non-blocking Unix-socket connection, then the HTTP exchange;
   * `done(status, call)` gets the agent's status. Null (EAGAIN; `done` is never called) when
   * the socket's backlog is full.
   */
  call<A>(req: Req, owner: A, done: CallDone<A>): OutboundCall<A> | null {
    const c = new OutboundCall(this.sim.cal, req, owner, done);
    return c.connectUnix(this.server.listener) ? c : null;
  }

  private readonly onRequest = (ev: ServerEvent, t: AgentThread): void => {
    if (typeof ev === 'string') return this.server.threadEnded(t.w);
    t.req = ev;
    ev.enter(StageId.agent);
    // A replayed request's measured time wins over the calibrated one, and both over the chain.
    // The calibrated draw is made only when used, so replayed rows leave its stream as it was.
    if (ev.service >= 0 || this.s.responseTime !== null) {
      t.status = 200;
      this.sim.cal.schedule(ev.service >= 0 ? ev.service : this.s.responseTime!.sample(), this.finish, t);
      return;
    }
    t.cpu = this.s.cpu.sample();
    t.w.cpu.hold(t.cpu / 2, this.lookupRouter, t);
  };

  // Router proxies first ask which networks the router has (keyed by router id), then every
  // request needs the port by (network, IP), keyed by instance.
  private readonly lookupRouter = (t: AgentThread): void => {
    if (t.req.viaRouter) this.lookup(t, this.networksCache[t.w.index], t.req.proxyKey, this.lookupPort);
    else this.lookupPort(t);
  };

  private readonly lookupPort = (t: AgentThread): void =>
    this.lookup(t, this.portCache[t.w.index], t.req.caller.index, this.callNova);

  /** One get_ports RPC unless the worker's cache holds the answer (cacheTtl; 0 = no cache). */
  private lookup<K extends string | number>(
    t: AgentThread,
    cache: TtlCache<K>,
    key: K,
    next: (t: AgentThread) => void,
  ): void {
    if (cache.fresh(key)) {
      this.cacheHits++;
      return next(t);
    }
    this.cacheMisses++;
    t.cache = cache as TtlCache<string | number>;
    t.key = key;
    t.afterLookup = next;
    t.req.enter(StageId.rpc);
    this.rpc.call(this.cfg.rpcTimeout, this.onRpcAnswer, t);
  }

  private readonly onRpcAnswer = (ok: boolean, t: AgentThread): void => {
    t.req.enter(StageId.agent);
    if (!ok) return this.relay(t, 500);
    t.cache!.store(t.key);
    t.afterLookup!(t);
  };

  private readonly callNova = (t: AgentThread): void => {
    t.req.enter(StageId.nova);
    this.nova.call(t.req, this.cfg.novaTimeout, t, this.onNovaReply);
  };

  private readonly onNovaReply = (status: number, call: OutboundCall<AgentThread>): void => {
    call.req.enter(StageId.agent);
    this.relay(call.owner, status);
  };

  private relay(t: AgentThread, status: number): void {
    t.status = status;
    t.w.cpu.hold(t.cpu / 2, this.finish, t);
  }

  private readonly finish = (t: AgentThread): void => {
    t.conn.reply(t.status);
    this.server.closeAndEnd(t.w, t.conn);
  };

  resetStats(): void {
    this.server.resetStats();
    this.cacheHits = this.cacheMisses = 0;
  }

  probe(): ComponentProbe {
    return this.server.probe(`metadata-agent@${this.host}`, 'agent', this.host, () => this.resetStats());
  }
}
