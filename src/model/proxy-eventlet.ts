/**
 * The eventlet neutron-ns-metadata-proxy (up to Ocata): one process in the router or DHCP
 * namespace, one CPU, a GreenPool of wsgi_default_pool_size. A green thread holds its
 * connection for the connection's whole life: with wsgi_keep_alive it waits after each
 * response for the next request until the client closes or client_socket_timeout passes.
 * Each request opens a new Unix connection to the metadata agent (no timeout).
 */
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { EventletCfg } from '../scenario/schema.js';
import type { Req, ServerEvent } from './connection.js';
import { cpuBurst, EventletServer } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { MetadataAgent } from './metadata-agent.js';

export class EventletProxy {
  readonly kind = 'proxy-eventlet' as const;
  readonly server: EventletServer;

  constructor(
    sim: Simulation,
    readonly id: string,
    readonly host: string,
    cfg: EventletCfg,
    namespaceSomaxconn: number,
    agent: MetadataAgent,
    cpuPerRequest: Sampler,
    cpuPerConnection: Sampler,
  ) {
    const listener = new Listener(sim.cal, id, cfg.backlog, namespaceSomaxconn, 'drop-syn');
    this.server = new EventletServer(sim, id, listener, 1, cfg.poolSize, sim.streams.stream(`proxy/${id}/accept`));
    const idle = cfg.clientSocketTimeout > 0 ? cfg.clientSocketTimeout : Infinity;
    const cal = sim.cal;
    const noop = (): void => {};
    this.server.setHandler((w, conn, done) => {
      const close = (): void => {
        conn.closeByServer();
        done();
      };
      // One iteration per request on the connection; the green thread idles in conn.next().
      const onEvent = (ev: ServerEvent): void => {
        if (typeof ev === 'string') return close();
        const req: Req = ev;
        req.enter('proxyCpu');
        cpuBurst(cal, w.cpu, cpuPerRequest.sample(), () => {
          req.enter('agent');
          agent.call(req, Infinity, noop, (status) => {
            req.respond(status);
            if (!cfg.keepAlive || conn.clientClosed) return close();
            conn.next(idle, onEvent);
          });
        });
      };
      cpuBurst(cal, w.cpu, cpuPerConnection.sample(), () => conn.next(idle, onEvent));
    });
  }

  get listener(): Listener {
    return this.server.listener;
  }
  get capacity(): number {
    return this.server.capacity;
  }
  get poolInUse(): number {
    return this.server.poolBusy.current;
  }
  /** Connections inside the server: green threads plus the one accepted awaiting spawn. */
  get queueLength(): number {
    return this.listener.queued;
  }
  cpuUtilisation(now: number): number {
    return this.server.cpuUtilisation(now);
  }
  resetStats(): void {
    this.server.resetStats();
  }
}
