/**
 * neutron-metadata-agent on one host: listens on the Unix socket $state_path/metadata_proxy
 * (backlog metadata_backlog, capped by the host's somaxconn), `metadata_workers` eventlet
 * processes each with a green pool and one CPU. Per request: parse (CPU), look the caller up
 * by RPC to neutron-server (router proxies first ask for the router's networks, then the port
 * by network and IP; results cached per worker for cacheTtl), call Nova, relay (CPU).
 * With `responseTime` set (calibrated from logs) that chain is replaced by one measured delay.
 */
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { AgentCfg } from '../scenario/schema.js';
import { Conn, type Req } from './connection.js';
import { cpuBurst, EventletServer } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { NeutronRpc } from './neutron-rpc.js';
import type { NovaMetadataApi } from './nova-api.js';

export interface AgentSamplers {
  cpu: Sampler;
  responseTime: Sampler | null;
}

export class MetadataAgent {
  readonly server: EventletServer;
  cacheHits = 0;
  cacheMisses = 0;

  constructor(
    private readonly sim: Simulation,
    readonly host: string,
    cfg: AgentCfg,
    hostSomaxconn: number,
    rpc: NeutronRpc,
    nova: NovaMetadataApi,
    s: AgentSamplers,
  ) {
    const workers = cfg.workers ?? Math.max(1, Math.floor(cfg.hostCpus / 2));
    const listener = new Listener(sim.cal, `${host}/metadata_proxy.sock`, cfg.backlog, hostSomaxconn, 'block');
    this.server = new EventletServer(
      sim,
      `agent@${host}`,
      listener,
      workers,
      cfg.poolSize,
      sim.streams.stream(`agent/${host}/accept`),
    );
    const ttl = cfg.cacheTtl;
    const { rpcTimeout, novaTimeout } = cfg;
    const cal = sim.cal;
    this.server.setHandler((w, conn, done) =>
      conn.next(Infinity, (ev) => {
        if (typeof ev === 'string') return done();
        const req: Req = ev;
        req.enter('agent');
        const finish = (status: number): void => {
          conn.reply?.(status);
          conn.closeByServer();
          done();
        };
        if (s.responseTime !== null) {
          cal.schedule(s.responseTime.sample(), () => finish(200));
          return;
        }
        const cpu = s.cpu.sample();
        const relay = (status: number): void => cpuBurst(cal, w.cpu, cpu / 2, () => finish(status));
        const callNova = (): void => {
          req.enter('nova');
          nova.call(req, novaTimeout, (status) => {
            req.enter('agent');
            relay(status);
          });
        };
        // One get_ports RPC unless the worker's cache holds the answer (cacheTtl; 0 = no cache).
        const lookup = <K>(cache: Map<K, number>, key: K, next: () => void): void => {
          const expiry = cache.get(key);
          if (ttl > 0 && expiry !== undefined && expiry > cal.now) {
            this.cacheHits++;
            return next();
          }
          this.cacheMisses++;
          req.enter('rpc');
          rpc.call(rpcTimeout, (ok) => {
            req.enter('agent');
            if (!ok) return relay(500);
            if (ttl > 0) cache.set(key, cal.now + ttl);
            next();
          });
        };
        // The port by (network, IP), keyed by instance; router proxies first ask which networks
        // the router has, keyed by router id.
        const lookupPort = (): void => lookup(w.cacheByInstance, req.caller.index, callNova);
        const lookupRouter = (): void =>
          req.viaRouter ? lookup(w.cacheByKey, req.proxyKey, lookupPort) : lookupPort();
        cpuBurst(cal, w.cpu, cpu / 2, lookupRouter);
      }),
    );
  }

  /**
   * A proxy's request: a new Unix-socket connection (waits while the backlog is full, up to
   * `connectTimeout`), then the HTTP exchange. `connected(false)` if connect() gave up.
   */
  call(req: Req, connectTimeout: number, connected: (ok: boolean) => void, reply: (status: number) => void): void {
    const conn = new Conn(this.sim.cal, req.caller);
    conn.reply = reply;
    this.server.listener.connectBlocking(conn, connectTimeout, (ok) => {
      connected(ok);
      if (ok) conn.send(req);
    });
  }

  resetStats(): void {
    this.server.resetStats();
    this.cacheHits = this.cacheMisses = 0;
  }
}
