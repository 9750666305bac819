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
import type { Req } from './connection.js';
import { EventletServer } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { MetadataAgent } from './metadata-agent.js';
import { waitFor } from './steps.js';

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
    this.server.setHandler(
      (w, conn) =>
        function* (p) {
          yield p.use(w.cpu, cpuPerConnection.sample());
          for (;;) {
            const ev = yield waitFor((r) => conn.next(idle, r));
            if (typeof ev === 'string') break;
            const req = ev as Req;
            req.enter('proxyCpu');
            yield p.use(w.cpu, cpuPerRequest.sample());
            req.enter('agent');
            const status: number = yield waitFor<number>((r) => agent.call(req, Infinity, () => {}, r));
            req.respond(status);
            if (!cfg.keepAlive || conn.clientClosed) break;
          }
          conn.closeByServer();
        },
    );
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
