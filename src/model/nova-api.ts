/**
 * The Nova metadata API: `workers` eventlet processes on one listening TCP socket (backlog 128
 * by default, capped by the host's somaxconn), each with a pool of 1000 green threads and one
 * CPU. Per-instance metadata is cached per worker for metadata_cache_expiration; a miss builds
 * it from the database, which waits on I/O (not the worker's CPU).
 */
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { NovaCfg } from '../scenario/schema.js';
import { Conn, type Req } from './connection.js';
import { cpuBurst, EventletServer } from './eventlet-server.js';
import { Listener, tcpConnect, type SynPolicy } from './kernel.js';
import { settleOnce } from './steps.js';

export class NovaMetadataApi {
  readonly server: EventletServer;
  cacheHits = 0;
  cacheMisses = 0;

  constructor(
    private readonly sim: Simulation,
    cfg: NovaCfg,
    hostSomaxconn: number,
    private readonly syn: SynPolicy,
    cpu: Sampler,
    miss: Sampler,
  ) {
    const cal = sim.cal;
    const listener = new Listener(cal, 'nova-metadata-api', cfg.backlog, hostSomaxconn, 'drop-syn');
    this.server = new EventletServer(
      sim,
      'nova',
      listener,
      cfg.workers,
      cfg.poolSize,
      sim.streams.stream('nova/accept'),
    );
    const ttl = cfg.cacheExpiration;
    this.server.setHandler((w, conn, done) =>
      conn.next(Infinity, (ev) => {
        if (typeof ev === 'string') return done();
        const req: Req = ev;
        const reply = (): void => {
          conn.reply?.(200);
          conn.closeByServer();
          done();
        };
        cpuBurst(cal, w.cpu, cpu.sample(), () => {
          const expiry = w.cacheByInstance.get(req.caller.index);
          if (ttl > 0 && expiry !== undefined && expiry > cal.now) {
            this.cacheHits++;
            reply();
          } else {
            this.cacheMisses++;
            cal.schedule(miss.sample(), () => {
              if (ttl > 0) w.cacheByInstance.set(req.caller.index, cal.now + ttl);
              reply();
            });
          }
        });
      }),
    );
  }

  /**
   * The agent's HTTP call: a new TCP connection per request (SYN retries if Nova's accept
   * queue is full), then the response status; 500 if connect() fails or `timeout` passes.
   */
  call(req: Req, timeout: number, cb: (status: number) => void): void {
    const cal = this.sim.cal;
    const conn = new Conn(cal, req.caller);
    const { settle } = settleOnce<number>(cal, cb, timeout, 500);
    conn.reply = settle;
    tcpConnect(cal, this.server.listener, conn, this.syn, 0, (ok) => {
      if (ok) conn.send(req);
      else settle(500);
    });
  }

  resetStats(): void {
    this.server.resetStats();
    this.cacheHits = this.cacheMisses = 0;
  }
}
