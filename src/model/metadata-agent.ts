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
import { EventletServer } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { NeutronRpc } from './neutron-rpc.js';
import type { NovaMetadataApi } from './nova-api.js';
import { waitFor } from './steps.js';

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
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- generator bodies cannot be arrows
    const self = this;
    this.server.setHandler(
      (w, conn) =>
        function* (p) {
          const ev = yield waitFor((r) => conn.next(Infinity, r));
          if (typeof ev === 'string') return;
          const req = ev as Req;
          req.enter('agent');
          let status = 200;
          if (s.responseTime !== null) {
            yield p.sleep(s.responseTime.sample());
          } else {
            const cpu = s.cpu.sample();
            yield p.use(w.cpu, cpu / 2);
            const keys = req.viaRouter
              ? [`r:${req.proxyKey}`, `p:${req.caller.network}:${req.caller.index}`]
              : [`p:${req.caller.network}:${req.caller.index}`];
            for (const key of keys) {
              const expiry = w.cache.get(key);
              if (ttl > 0 && expiry !== undefined && expiry > p.now) {
                self.cacheHits++;
                continue;
              }
              self.cacheMisses++;
              req.enter('rpc');
              const ok: boolean = yield waitFor<boolean>((r) => rpc.call(rpcTimeout, r));
              req.enter('agent');
              if (!ok) {
                status = 500;
                break;
              }
              if (ttl > 0) w.cache.set(key, p.now + ttl);
            }
            if (status === 200) {
              req.enter('nova');
              status = yield waitFor<number>((r) => nova.call(req, novaTimeout, r));
              req.enter('agent');
            }
            yield p.use(w.cpu, cpu / 2);
          }
          conn.reply?.(status);
          conn.closeByServer();
        },
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
