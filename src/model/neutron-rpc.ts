/**
 * neutron-server answering the metadata agent's get_ports RPCs over RabbitMQ.
 * A call costs a round trip (`rpcLatency`, split evenly before and after) plus a turn on one of
 * `rpcServers` RPC workers (FIFO). If no answer arrives within rpc_response_timeout the caller
 * gets a timeout; the call still completes on the server (and is wasted work), as with oslo.messaging.
 */
import { Grant, Resource } from '../engine/resource.js';
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';

export class NeutronRpc {
  readonly servers: Resource;
  calls = 0;
  timeouts = 0;

  constructor(
    private readonly sim: Simulation,
    servers: number,
    private readonly latency: Sampler,
    private readonly service: Sampler,
  ) {
    this.servers = new Resource(sim.cal, servers, { name: 'neutron-server/rpc' });
  }

  /** Calls `cb(true)` with the answer, or `cb(false)` at `timeout` (0 = none). */
  call(timeout: number, cb: (ok: boolean) => void): void {
    const cal = this.sim.cal;
    this.calls++;
    let settled = false;
    const timer =
      timeout > 0
        ? cal.schedule(timeout, () => {
            if (settled) return;
            settled = true;
            this.timeouts++;
            cb(false);
          })
        : -1;
    const half = this.latency.sample() / 2;
    cal.schedule(half, () =>
      this.servers.request((g) => {
        if (g !== Grant.Granted) return;
        cal.schedule(this.service.sample(), () => {
          this.servers.release();
          cal.schedule(half, () => {
            if (settled) return;
            settled = true;
            if (timer !== -1) cal.cancel(timer);
            cb(true);
          });
        });
      }),
    );
  }

  resetStats(): void {
    this.servers.resetStats();
    this.calls = 0;
    this.timeouts = 0;
  }
}
