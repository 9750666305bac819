/**
 * neutron-server's RPC workers, as the metadata agent's get_ports calls over RabbitMQ meet them.
 *
 * Real system: `rpc_workers` defaults to 1 (cfg.IntOpt('rpc_workers', default=1) in
 * neutron/service.py 8.x and neutron/conf/service.py 9.0-12.0): one GIL-bound process per
 * controller, so one CPU, consuming the same RabbitMQ queue as the other controllers' RPC
 * workers. It answers every agent's RPCs, not only get_ports: L2 device details and
 * security-group syncs, DHCP and L3 syncs (state reports go to `rpc_state_report_workers`
 * where that option exists). Modelled as one FIFO pool of controllers x rpcWorkers shared by
 * get_ports and a Poisson background load (`backgroundRpcRate`, [unconfirmed]), so one worker
 * saturates at 1 / (mean service time) calls per second.
 *
 * A call costs a round trip (`rpcLatency`, split evenly before and after) plus a turn on a
 * worker. If no answer arrives within rpc_response_timeout the caller gets a timeout; the call
 * still completes on the server (and is wasted work), as with oslo.messaging. The pool is a
 * virtual clock ({@link FcfsPool}): the background load costs no events.
 */
import { FcfsPool } from '../engine/fcfs-pool.js';
import type { Sampler } from '../engine/distributions.js';
import type { RandomStream } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { EventHandle } from '../engine/calendar.js';
import { workerPoolProbe, type ComponentProbe } from './probes.js';

/** One get_ports call in flight: its caller, and the race between answer and timeout. */
class RpcCall {
  settled = false;
  timer: EventHandle = -1;
  half = 0;
  constructor(
    readonly cb: (ok: boolean, arg: any) => void,
    readonly arg: unknown,
  ) {}
}

export class NeutronRpc {
  readonly servers: FcfsPool;
  calls = 0;
  timeouts = 0;

  constructor(
    private readonly sim: Simulation,
    servers: number,
    private readonly latency: Sampler,
    private readonly service: Sampler,
  ) {
    this.servers = new FcfsPool(sim.cal, servers, 'neutron-server/rpc');
  }

  /** Background RPCs (the other agents') that arrived since the last reset. */
  get backgroundCalls(): number {
    return this.servers.loadArrivalsSinceReset;
  }

  /**
   * Starts the other agents' RPCs: Poisson at `rate` per second (0 = none), each holding a
   * worker for a draw of `service`. Arrivals and service times come from their own streams.
   */
  startBackground(rate: number, arrivals: RandomStream, service: Sampler): void {
    this.servers.addPoissonLoad(rate, arrivals, service);
  }

  /** Calls `cb(true, arg)` with the answer, or `cb(false, arg)` at `timeout` (0 = none). */
  call<A>(timeout: number, cb: (ok: boolean, arg: A) => void, arg: A): void {
    const cal = this.sim.cal;
    this.calls++;
    const c = new RpcCall(cb, arg);
    if (timeout > 0) c.timer = cal.timeout(timeout, this.timedOut, c);
    c.half = this.latency.sample() / 2;
    cal.schedule(c.half, this.arrived, c);
  }

  // The workers serve FIFO with no timeout, and nothing else draws from the rpc/service stream,
  // so drawing the service time on arrival gives each call the same draw as drawing it when a
  // worker picks the call up. The answer is back half a round trip after the worker is done.
  private readonly arrived = (c: RpcCall): void => this.servers.hold(this.service.sample(), this.answered, c, c.half);

  private readonly answered = (c: RpcCall): void => {
    if (c.settled) return;
    c.settled = true;
    if (c.timer !== -1) this.sim.cal.cancel(c.timer);
    c.cb(true, c.arg);
  };

  private readonly timedOut = (c: RpcCall): void => {
    if (c.settled) return;
    c.settled = true;
    this.timeouts++;
    c.cb(false, c.arg);
  };

  resetStats(): void {
    this.servers.resetStats();
    this.calls = 0;
    this.timeouts = 0;
  }

  probe(): ComponentProbe {
    return workerPoolProbe('neutron-server-rpc', 'neutron-rpc', this.servers, this);
  }
}
