/** What the proxies forward to: the metadata agent, neutron-server's RPC and API workers, Nova. */
import * as z from '../zod.js';
import { plausible } from '../plausible.js';
import { Dist, period, posInt, seconds } from './fields.js';

export const Agent = z
  .strictObject({
    hostCpus: posInt('CPUs of each network node; metadata_workers defaults to hostCpus // 2.').default(8),
    workers: posInt('metadata_workers (default hostCpus // 2, at least 1).').optional(),
    poolSize: posInt('Green pool per agent worker.').default(100),
    backlog: posInt('metadata_backlog (capped by host somaxconn).').default(4096),
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.002, p99: 0.008 })
      .describe('[unconfirmed] Python CPU per request in an agent worker (excluding RPC and Nova waits).')
      .meta(
        plausible(0.0005, 0.008, 'log', 'CPython request handling and HMAC signing: 0.5-8 ms spans fast to slow cores'),
      ),
    cacheTtl: seconds(
      'Port-lookup cache TTL per worker (cache_url memory://?default_ttl=5 up to Pike; 0 = off, Queens on).',
    ).default(5),
    rpcLatency: Dist.default({ kind: 'lognormal', median: 0.012, p99: 0.08 })
      .describe(
        '[unconfirmed] get_ports RPC round trip to neutron-server over RabbitMQ, when neutron-server is not saturated.',
      )
      .meta(plausible(0.003, 0.1, 'log', 'RabbitMQ round trip: a few ms on a quiet broker, ~100 ms on a loaded one')),
    rpcServiceTime: Dist.default({ kind: 'lognormal', median: 0.004, p99: 0.02 })
      .describe('[unconfirmed] neutron-server time per get_ports call (occupies an RPC worker of neutronServer).')
      .meta(
        plausible(
          0.001,
          0.04,
          'log',
          'a get_ports DB query plus serialisation: 1 ms on a small DB, tens of ms on a large one',
        ),
      ),
    rpcTimeout: period(
      'rpc_response_timeout: an RPC not answered by then fails the request (500). More than 0: with 0 oslo.messaging times every call out at once (its DecayingTimer has no time left), so 0 is refused.',
    ).default(60),
    responseTime: Dist.optional().describe(
      'Measured response time of the agent for one request (e.g. fitted by `nmsim calibrate` from logs). When set, it replaces the modelled CPU + RPC + Nova chain: each request holds an agent green thread for this long.',
    ),
    novaTimeout: seconds(
      "Timeout of the agent's HTTP call to Nova. Not an option in neutron: up to 2023.2 the call passes no timeout (0 here, none), since 2024.1 `timeout=60` (neutron/agent/metadata/agent.py); other values are what-ifs.",
    ).default(0),
  })
  // metadata_workers defaults to half the host's CPUs, at least one (domain.md).
  .transform((a) => ({ ...a, workers: a.workers ?? Math.max(1, Math.floor(a.hostCpus / 2)) }))
  .describe('neutron-metadata-agent, one per network node, shared by the proxies on it.');

/** Most controllers, and workers of one kind per controller, a scenario may set. */
export const MAX_CONTROLLERS = 100;
export const MAX_SERVER_WORKERS = 1000;
/** Most background RPCs per second (each is two events). */
export const MAX_BACKGROUND_RPC_RATE = 10_000;

export const NeutronServer = z
  .strictObject({
    controllers: posInt(
      'Controllers running neutron-server. Their RPC workers consume the same RabbitMQ queue (one shared FIFO pool of controllers x rpcWorkers); their API workers one pool of controllers x apiWorkers.',
    )
      .max(MAX_CONTROLLERS)
      .default(1),
    rpcWorkers: posInt(
      "rpc_workers per controller: default 1 (neutron/service.py in 8.x, neutron/conf/service.py 9.0-12.0), one GIL-bound process (one CPU) answering every agent's RPCs, the metadata agents' get_ports among them.",
    )
      .max(MAX_SERVER_WORKERS)
      .default(1),
    cpus: posInt('CPUs of each controller; api_workers defaults to this.').max(MAX_SERVER_WORKERS).default(8),
    apiWorkers: posInt(
      'api_workers per controller: REST API processes, default the CPU count (neutron/service.py: processutils.get_worker_count()).',
    )
      .max(MAX_SERVER_WORKERS)
      .optional(),
    backgroundRpcRate: z
      .number()
      .min(0)
      .max(MAX_BACKGROUND_RPC_RATE)
      .default(2)
      .describe(
        '[unconfirmed] RPCs per second from the other agents (L2 device details and security-group syncs, DHCP and L3 syncs; state reports where rpc_state_report_workers does not take them), Poisson, sharing the RPC workers with get_ports.',
      )
      .meta(plausible(0.2, 20, 'log', 'a quiet cloud of a few agents to hundreds of agents resyncing ports')),
    backgroundRpcServiceTime: Dist.default({ kind: 'lognormal', median: 0.01, p99: 0.1 })
      .describe('[unconfirmed] RPC worker time per background RPC.')
      .meta(plausible(0.002, 0.05, 'log', 'a device-details or sync RPC: a few DB queries, 2-50 ms')),
    securityGroupCallTime: Dist.default({ kind: 'lognormal', median: 0.015, p99: 0.1 })
      .describe(
        "[unconfirmed] API worker time for Nova's security-group lookup on a metadata cache miss (InstanceMetadata asks Neutron's REST API).",
      )
      .meta(plausible(0.003, 0.1, 'log', 'a REST call with keystone auth and a DB query: 3-100 ms')),
  })
  // api_workers defaults to the controller's CPU count.
  .transform((n) => ({ ...n, apiWorkers: n.apiWorkers ?? n.cpus }))
  .describe('neutron-server on the controllers: RPC workers (get_ports and the other agents) and REST API workers.');

export const Nova = z
  .strictObject({
    workers: posInt('Nova metadata API worker processes (metadata_workers = CPU count).').default(8),
    poolSize: posInt('Green pool per Nova worker.').default(1000),
    backlog: posInt('Listen backlog of the Nova metadata API (capped by host somaxconn).').default(128),
    cacheExpiration: seconds('metadata_cache_expiration: per-instance metadata cached per worker.').default(15),
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.003, p99: 0.012 })
      .describe('[unconfirmed] CPU per request on a cache hit (one CPU per worker).')
      .meta(plausible(0.001, 0.01, 'log', 'Nova metadata handler in CPython on a cache hit: 1-10 ms')),
    missTime: Dist.default({ kind: 'lognormal', median: 0.04, p99: 0.2 })
      .describe(
        "[unconfirmed] Extra time to build an instance's metadata on a cache miss (database round trips, not CPU-bound).",
      )
      .meta(
        plausible(
          0.01,
          0.4,
          'log',
          'building InstanceMetadata: a few DB round trips and a Neutron REST call, 10-400 ms',
        ),
      ),
  })
  .describe('The Nova metadata API, shared by all agents.');

export type AgentCfg = z.output<typeof Agent>;
export type NeutronServerCfg = z.output<typeof NeutronServer>;
export type NovaCfg = z.output<typeof Nova>;
