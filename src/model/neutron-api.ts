/**
 * neutron-server's REST API workers, as the Nova metadata API meets them on a cache miss.
 *
 * Real system: Nova's InstanceMetadata (nova/api/metadata/base.py, Mitaka era) asks Neutron for
 * the instance's security groups over REST when it builds an instance's metadata, so every
 * metadata cache miss costs an API call on neutron-server (release not pinned). `api_workers`
 * defaults to the CPU count (neutron/service.py: processutils.get_worker_count()), per
 * controller; each worker is one eventlet process on one CPU, so the pool is modelled as
 * controllers x apiWorkers servers with a FIFO queue, each call holding one for
 * `securityGroupCallTime` ([unconfirmed]); a virtual clock ({@link FcfsPool}), one event per call.
 */
import { FcfsPool } from '../engine/fcfs-pool.js';
import type { Sampler } from '../engine/distributions.js';
import type { Simulation } from '../engine/simulation.js';
import { workerPoolProbe, type ComponentProbe } from './probes.js';

export class NeutronApi {
  readonly workers: FcfsPool;
  calls = 0;

  constructor(
    sim: Simulation,
    workers: number,
    private readonly cost: Sampler,
  ) {
    this.workers = new FcfsPool(sim.cal, workers, 'neutron-server/api');
  }

  /** One security-group lookup: `then(arg)` once an API worker has served it. */
  securityGroups<A>(then: (arg: A) => void, arg: A): void {
    this.calls++;
    this.workers.hold(this.cost.sample(), then, arg);
  }

  resetStats(): void {
    this.workers.resetStats();
    this.calls = 0;
  }

  probe(): ComponentProbe {
    return workerPoolProbe('neutron-server-api', 'neutron-api', this.workers, this);
  }
}
