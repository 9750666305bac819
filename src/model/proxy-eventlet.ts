/**
 * The eventlet neutron-ns-metadata-proxy (up to Ocata): one process in the router or DHCP
 * namespace, one CPU, a GreenPool of wsgi_default_pool_size. A green thread holds its
 * connection for the connection's whole life: with wsgi_keep_alive it waits after each
 * response for the next request until the client closes or client_socket_timeout passes.
 * Each request opens a new Unix connection to the metadata agent (no timeout). When the
 * agent's backlog is full the non-blocking connect gets EAGAIN, which eventlet
 * (greenio/base.py: socket_connect's CONNECT_ERR includes EWOULDBLOCK == EAGAIN) answers by
 * trampolining on writability; an unconnected Unix socket is always writable, so the green
 * thread spins connect_ex + a hub switch on the proxy's one CPU until the backlog has room
 * (`connectSpinCpu` per try, [unconfirmed]), delaying every other green thread's CPU work.
 */
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import type { EventletCfg } from '../scenario/schema.js';
import { StageId, type Conn, type Req, type ServerEvent } from './connection.js';
import { EventletServer, type EventletWorker } from './eventlet-server.js';
import { Listener } from './kernel.js';
import type { MetadataAgent } from './metadata-agent.js';
import type { OutboundCall } from './outbound-call.js';
import type { ComponentProbe } from './probes.js';

/** A green thread of the proxy: one client connection, served request after request. */
class GreenThread {
  req: Req | null = null;
  constructor(
    readonly w: EventletWorker,
    readonly conn: Conn,
  ) {}
}

export class EventletProxy {
  readonly kind = 'proxy-eventlet' as const;
  readonly server: EventletServer;
  private readonly idle: number;
  /** Green connects to the agent refused with EAGAIN and tried again (each costs spinCpu). */
  connectSpins = 0;

  constructor(
    sim: Simulation,
    readonly id: string,
    readonly host: string,
    private readonly cfg: EventletCfg,
    namespaceSomaxconn: number,
    private readonly agent: MetadataAgent,
    private readonly cpuPerRequest: Sampler,
    cpuPerConnection: Sampler,
    private readonly spinCpu: Sampler,
  ) {
    const listener = new Listener(sim.cal, id, cfg.backlog, namespaceSomaxconn, 'drop-syn');
    this.server = new EventletServer(sim, id, listener, 1, cfg.poolSize, sim.streams.stream(`proxy/${id}/accept`));
    this.idle = cfg.clientSocketTimeout > 0 ? cfg.clientSocketTimeout : Infinity;
    this.server.setHandler((w, conn) => w.cpu.hold(cpuPerConnection.sample(), this.readNext, new GreenThread(w, conn)));
  }

  // The green thread idles in conn.next() between requests (one iteration per request).
  private readonly readNext = (t: GreenThread): void => t.conn.next(this.idle, this.onEvent, t);

  private readonly onEvent = (ev: ServerEvent, t: GreenThread): void => {
    if (typeof ev === 'string') return this.close(t);
    t.req = ev;
    ev.enter(StageId.proxyCpu);
    t.w.cpu.hold(this.cpuPerRequest.sample(), this.toAgent, t);
  };

  // Each request opens a new Unix connection to the agent; on EAGAIN it spins, never gives up.
  private readonly toAgent = (t: GreenThread): void => {
    t.req!.enter(StageId.agent);
    this.connectAgent(t);
  };

  private readonly connectAgent = (t: GreenThread): void => {
    if (this.agent.call(t.req!, t, this.onAgentReply) !== null) return;
    this.connectSpins++;
    t.w.cpu.hold(this.spinCpu.sample(), this.connectAgent, t);
  };

  private readonly onAgentReply = (status: number, call: OutboundCall<GreenThread>): void => {
    const t = call.owner;
    call.req.respond(status);
    if (!this.cfg.keepAlive || t.conn.clientClosed) return this.close(t);
    this.readNext(t);
  };

  private close(t: GreenThread): void {
    this.server.closeAndEnd(t.w, t.conn);
  }

  get listener(): Listener {
    return this.server.listener;
  }
  /** Green threads in use (each holds a client connection). */
  get poolInUse(): number {
    return this.server.poolBusy.current;
  }
  resetStats(): void {
    this.server.resetStats();
    this.connectSpins = 0;
  }
  probe(): ComponentProbe {
    return this.server.probe(this.id, this.kind, this.host, () => this.resetStats());
  }
}
