/**
 * The scenario schema: every field a scenario file may set, its type, its default and where
 * the default comes from (../shared/domain.md). Descriptions are the scenario reference: the
 * reference document and `nmsim schema` are generated from them, so they stay in step.
 *
 * A description tagged "[unconfirmed]" is a value with no public source; the reference flags it.
 */
import { z } from 'zod';
import { compile, describeKinds, DistributionError, type DistSpec } from '../engine/distributions.js';
import { parseDuration } from './units.js';
import { parseCidr } from './cidr.js';

/** Largest instance count accepted before anything is allocated. */
export const MAX_INSTANCES = 1_000_000;

/** Longest duration any field may hold (about 31.7 years); beyond it is a typo such as 1e308. */
export const MAX_SECONDS = 1e9;

/**
 * A duration in seconds, 0 to MAX_SECONDS. `positive`: 0 is refused too, for timeouts and
 * periods where 0 would make every request fail at once or a loop never advance the clock.
 */
const seconds = (desc: string, positive = false) =>
  z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const s = parseDuration(v);
      const shown = typeof v === 'string' && v.length > 40 ? 'the text' : JSON.stringify(v);
      if (!Number.isFinite(s) || s < 0 || (positive && s === 0) || s > MAX_SECONDS) {
        ctx.addIssue({
          code: 'custom',
          message:
            Number.isFinite(s) && s >= 0
              ? `${shown} is ${s > MAX_SECONDS ? `over the maximum of ${MAX_SECONDS} s` : 'not allowed: it must be more than 0'}`
              : `${shown} is not a duration >= 0 (e.g. 30, "30s", "15m", "24h"; units us, ms, s, m, h, d in lower case)`,
        });
        return z.NEVER;
      }
      return s;
    })
    .describe(desc);

/** A duration that must be more than 0 (a timeout or a period). */
const period = (desc: string) => seconds(desc, true);

const posInt = (desc: string) => z.number().int().min(1).describe(desc);
const nonNegInt = (desc: string) => z.number().int().min(0).describe(desc);

/** A no-op stream used only to validate distribution parameters at load time. */
const probeStream = { name: 'validate', next: () => 0.5 };

/**
 * A distribution of durations in seconds: a number (constant) or {kind: ..., params}. Checked by
 * compiling it, so the error names the bad parameter.
 */
export const Dist = z
  .union([z.number(), z.looseObject({ kind: z.string() })])
  .transform((v, ctx): DistSpec => {
    const spec = (typeof v === 'number' ? { kind: 'constant', value: v } : v) as DistSpec;
    try {
      compile(spec, probeStream);
    } catch (e) {
      if (e instanceof DistributionError) {
        ctx.addIssue({ code: 'custom', message: e.message, path: typeof v === 'number' || !e.param ? [] : [e.param] });
        return z.NEVER;
      }
      throw e;
    }
    return spec;
  })
  .describe(
    `A duration distribution in seconds: a number (constant), or one of ${describeKinds()} (x? is optional; any other parameter is an error).`,
  );
export type Dist = DistSpec;

const Cidr = z.string().superRefine((s, ctx) => {
  const r = parseCidr(s);
  if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r });
});

export const Network = z
  .strictObject({
    name: z.string().min(1).describe('Network name (unique); shown in reports.'),
    cidr: Cidr.describe(
      'IPv4 subnet, e.g. 10.0.0.0/22. Usable addresses = size - network - broadcast - gateway - DHCP ports.',
    ),
    instances: z
      .number()
      .int()
      .min(0)
      .max(MAX_INSTANCES)
      .describe('Instances on this network. More than the subnet can address is an error.'),
    router: z
      .string()
      .optional()
      .describe('Router this network is attached to (router and DVR modes). Default: the first router.'),
  })
  .describe('An L2 network with one subnet.');

export const Router = z.strictObject({
  name: z.string().min(1).describe('Router name (unique).'),
  l3Agent: nonNegInt(
    'Index of the L3 agent host to place it on. Default: LeastRoutersScheduler (fewest routers first).',
  ).optional(),
});

export const Topology = z
  .strictObject({
    metadataPath: z
      .enum(['router', 'isolated', 'dvr'])
      .default('router')
      .describe(
        'router: one proxy per router in qrouter-<id> on its L3 agent host. isolated: enable_isolated_metadata/force_metadata, one proxy per network per DHCP agent in qdhcp-<id>. dvr: a router proxy on every compute host that has instances of the router.',
      ),
    networks: z.array(Network).min(1).describe('The networks and their instances.'),
    routers: z
      .array(Router)
      .default([{ name: 'router1' }])
      .describe('Routers (router and DVR modes).'),
    l3Agents: posInt('Network nodes running an L3 agent (and a metadata agent each).').default(1),
    dhcpAgents: posInt('Hosts running a DHCP agent (and a metadata agent each).').default(1),
    dhcpAgentsPerNetwork: posInt(
      'dhcp_agents_per_network: DHCP agents serving each network (each takes a port).',
    ).default(1),
    computeHosts: posInt(
      'Compute hosts; instances are spread over them round-robin (DVR places a proxy on each).',
    ).default(20),
  })
  .describe('What serves 169.254.169.254 for which instance.');

export const Kernel = z
  .strictObject({
    version: z
      .string()
      .regex(/^\d{1,3}\.\d{1,3}(\.\d{1,5})?([-+~][A-Za-z0-9._+~-]{1,64})?$/)
      .default('4.15')
      .describe(
        'Linux kernel version, e.g. 4.15, 5.4.0 or 5.15.0-91-generic; sets the somaxconn default (128 before 5.4, 4096 since).',
      ),
    namespaceSomaxconn: posInt(
      'net.core.somaxconn inside the router/DHCP namespaces. A new namespace gets the kernel default, whatever the host is tuned to. Default from version.',
    ).optional(),
    hostSomaxconn: posInt(
      'net.core.somaxconn on the host (caps the metadata agent and Nova backlogs). Default from version.',
    ).optional(),
    synRetries: nonNegInt(
      'tcp_syn_retries of the instances: exponential SYN retransmissions before connect() fails.',
    ).default(6),
    synLinearTimeouts: nonNegInt(
      "tcp_syn_linear_timeouts of the instances' kernels: retransmissions at the initial RTO before the doubling starts, on top of synRetries. 0 (the default, kernels before 6.5) gives 1, 3, 7, 15, 31, 63 s and failure at 127 s; Linux 6.5+ defaults to 4: 1, 2, 3, 4, 5, 7, 11, 19, 35, 67 s and failure at 131 s.",
    )
      .max(10)
      .default(0),
    initialRto: period('Initial SYN retransmission timeout; doubles per retry once the linear ones are used.').default(
      1,
    ),
  })
  .describe('Kernel listen-queue and TCP behaviour.');

export const EventletProxy = z
  .strictObject({
    poolSize: posInt('wsgi_default_pool_size: green threads per proxy (1000 up to Mitaka 8.0.0, 100 since).').default(
      100,
    ),
    backlog: posInt('Requested listen backlog (capped by the namespace somaxconn).').default(4096),
    keepAlive: z.boolean().default(true).describe('wsgi_keep_alive: an idle connection keeps its green thread.'),
    clientSocketTimeout: seconds(
      'client_socket_timeout: idle connection closed by the server after this (0 = never).',
    ).default(900),
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.0015, p99: 0.006 }).describe(
      '[unconfirmed] Python CPU per request in the proxy (parse, relay); all requests share one CPU.',
    ),
    cpuPerConnection: Dist.default({ kind: 'constant', value: 0.0003 }).describe(
      '[unconfirmed] CPU to accept a connection and spawn its green thread.',
    ),
  })
  .describe('The eventlet neutron-ns-metadata-proxy (up to Ocata).');

export const HaproxyProxy = z
  .strictObject({
    maxconn: posInt('global maxconn: concurrent client connections per proxy.').default(1024),
    backlog: posInt(
      'Listen backlog requested (HAProxy default: maxconn), capped by the namespace somaxconn.',
    ).optional(),
    timeoutHttpRequest: seconds('timeout http-request').default(30),
    timeoutConnect: seconds('timeout connect (to the agent socket)').default(30),
    timeoutClient: seconds('timeout client').default(32),
    timeoutServer: seconds('timeout server: a slower backend gets a 504.').default(32),
    timeoutHttpKeepAlive: seconds('timeout http-keep-alive: idle client connections are closed after this.').default(
      30,
    ),
    retries: nonNegInt('retries: connection attempts to the agent socket after the first.').default(3),
    serverMaxconn: posInt(
      'maxconn on the server line. Neutron sets none (HAProxy then queues nothing itself); set it to model HAProxy-side queueing with `timeout queue` and 503s.',
    ).optional(),
    timeoutQueue: seconds('timeout queue (only with serverMaxconn): a request queued longer gets a 503.').default(30),
    cpuPerRequest: Dist.default({ kind: 'constant', value: 0.00005 }).describe(
      '[unconfirmed] HAProxy CPU per request.',
    ),
  })
  .describe("Neutron's HAProxy-based metadata proxy (Pike on).");

export const Proxy = z
  .strictObject({
    kind: z.enum(['eventlet', 'haproxy']).default('eventlet').describe('Which proxy implementation.'),
    eventlet: EventletProxy.default(EventletProxy.parse({})),
    haproxy: HaproxyProxy.default(HaproxyProxy.parse({})),
  })
  .describe('The per-router/per-network metadata proxy.');

export const Agent = z
  .strictObject({
    hostCpus: posInt('CPUs of each network node; metadata_workers defaults to hostCpus // 2.').default(8),
    workers: posInt('metadata_workers (default hostCpus // 2, at least 1).').optional(),
    poolSize: posInt('Green pool per agent worker.').default(100),
    backlog: posInt('metadata_backlog (capped by host somaxconn).').default(4096),
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.002, p99: 0.008 }).describe(
      '[unconfirmed] Python CPU per request in an agent worker (excluding RPC and Nova waits).',
    ),
    cacheTtl: seconds(
      'Port-lookup cache TTL per worker (cache_url memory://?default_ttl=5 up to Pike; 0 = off, Queens on).',
    ).default(5),
    rpcLatency: Dist.default({ kind: 'lognormal', median: 0.012, p99: 0.08 }).describe(
      '[unconfirmed] get_ports RPC round trip to neutron-server over RabbitMQ, when neutron-server is not saturated.',
    ),
    rpcServers: posInt('[unconfirmed] neutron-server RPC workers answering get_ports (a shared FIFO pool).').default(4),
    rpcServiceTime: Dist.default({ kind: 'lognormal', median: 0.004, p99: 0.02 }).describe(
      '[unconfirmed] neutron-server time per get_ports call (occupies an RPC worker).',
    ),
    rpcTimeout: seconds('rpc_response_timeout: an RPC not answered by then fails the request (500); 0 = none.').default(
      60,
    ),
    responseTime: Dist.optional().describe(
      'Measured response time of the agent for one request (e.g. fitted by `nmsim calibrate` from logs). When set, it replaces the modelled CPU + RPC + Nova chain: each request holds an agent green thread for this long.',
    ),
    novaTimeout: seconds("Timeout of the agent's HTTP call to Nova (none up to 2023.2, 60 s since; 0 = none).").default(
      0,
    ),
  })
  .describe('neutron-metadata-agent, one per network node, shared by the proxies on it.');

export const Nova = z
  .strictObject({
    workers: posInt('Nova metadata API worker processes (metadata_workers = CPU count).').default(8),
    poolSize: posInt('Green pool per Nova worker.').default(1000),
    backlog: posInt('Listen backlog of the Nova metadata API (capped by host somaxconn).').default(128),
    cacheExpiration: seconds('metadata_cache_expiration: per-instance metadata cached per worker.').default(15),
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.003, p99: 0.012 }).describe(
      '[unconfirmed] CPU per request on a cache hit (one CPU per worker).',
    ),
    missTime: Dist.default({ kind: 'lognormal', median: 0.04, p99: 0.2 }).describe(
      "[unconfirmed] Extra time to build an instance's metadata on a cache miss (database round trips, not CPU-bound).",
    ),
  })
  .describe('The Nova metadata API, shared by all agents.');

const InstanceSelector = z
  .union([z.literal('all'), z.number().int().min(0).max(MAX_INSTANCES), z.string().regex(/^\d+(\.\d+)?%$/)])
  .default('all')
  .describe('Which instances run this client: "all", a count, or a percentage like "50%".');

/** Fields every client population has: which instances run it, and its name. */
const population = {
  name: z.string().optional().describe('Population name shown in reports (default: the kind and its position).'),
  instances: InstanceSelector,
  networks: z.array(z.string()).optional().describe('Only instances on these networks (default: all networks).'),
};

const Chef = z.strictObject({
  kind: z.literal('chef').describe('Which client this population runs.'),
  ...population,
  schedule: z
    .enum(['daemon', 'cron'])
    .default('daemon')
    .describe(
      'daemon: sleep interval + uniform[0, splay) between runs. cron: every cronPeriod at a fixed phase, after a uniform[0, splay) sleep.',
    ),
  interval: seconds('chef-client interval.').default(1800),
  splay: seconds('chef-client splay.').default(300),
  cronPeriod: period('Cron period (the cookbook default runs at minute 0 of every 4th hour).').default(14400),
  ohai: z
    .strictObject({
      version: z
        .enum(['pre-995', 'post-995'])
        .default('pre-995')
        .describe(
          'pre-995: a new TCP connection per GET, never closed until the run ends. post-995 (ohai 13.1.0+): one persistent connection per run.',
        ),
      requests: z
        .union([
          z.number().int().min(1),
          z.strictObject({
            min: z.number().int().min(1).describe('Fewest GETs in a run.'),
            max: z.number().int().min(1).describe('Most GETs in a run.'),
          }),
        ])
        .default({ min: 23, max: 27 })
        .describe('GETs per run walking the EC2-style tree (a number, or {min, max} uniform integer).'),
      probeTimeout: seconds(
        'TCP probe of 169.254.169.254:80 before crawling; if it fails metadata is skipped.',
      ).default(2),
      openTimeout: seconds(
        'Connect timeout per request (default 60 pre-995, 60 post; 0 = none, the kernel gives up after its SYN retries).',
      ).optional(),
      readTimeout: seconds('Read timeout per request (30 s pre-995, 10 s post-995; 0 = none).').optional(),
      keepAliveTimeout: seconds('post-995: client closes the persistent connection after this idle time.').default(10),
      thinkTime: Dist.default({ kind: 'constant', value: 0.002 }).describe(
        '[unconfirmed] Client time between one response and the next GET.',
      ),
    })
    .default({
      version: 'pre-995',
      requests: { min: 23, max: 27 },
      probeTimeout: 2,
      keepAliveTimeout: 10,
      thinkTime: { kind: 'constant', value: 0.002 },
    })
    .describe('The ohai openstack plugin that fetches metadata during each chef-client run.'),
  preOhai: Dist.default({ kind: 'uniform', min: 2, max: 8 }).describe(
    '[unconfirmed] Time from run start to the metadata crawl.',
  ),
  restOfRun: Dist.default({ kind: 'lognormal', median: 45, p99: 300 }).describe(
    '[unconfirmed] Time from the end of the crawl to the end of the chef-client run (the forked run process exits and its sockets close).',
  ),
});

const CloudInit = z.strictObject({
  kind: z.literal('cloud-init').describe('Which client this population runs.'),
  ...population,
  boot: z
    .strictObject({
      start: seconds('When the storm starts (after warm-up).').default(0),
      window: seconds('Boots spread uniformly over this window (0 = all at once).').default(300),
      waves: posInt('Number of waves the instances boot in, each `waveGap` apart.').default(1),
      waveGap: seconds('Time between waves.').default(600),
    })
    .default({ start: 0, window: 300, waves: 1, waveGap: 600 })
    .describe('When the instances boot (the storm).'),
  bootDelay: Dist.default({ kind: 'uniform', min: 5, max: 20 }).describe(
    '[unconfirmed] Boot start to the first metadata request.',
  ),
  datasource: z
    .enum(['openstack', 'ec2'])
    .default('openstack')
    .describe(
      'openstack: crawl with timeout/retries/retryWait as set (defaults 10 s, 5, 1 s). ec2: first wait for the service (tries of waitTimeout until maxWait), then crawl; set timeout 5 for the EC2 crawl defaults.',
    ),
  maxWait: seconds('EC2 datasource: give up waiting for the service after this.').default(120),
  waitTimeout: seconds('EC2 datasource: timeout of each wait-for-service try.').default(50),
  requests: z.number().int().min(1).default(28).describe('Requests in the crawl (OpenStack datasource: about 25-30).'),
  timeout: seconds('Per-request timeout (connect and read; 0 = none).').default(10),
  retries: nonNegInt('Retries per request on timeouts and connection errors (not on HTTP >= 400).').default(5),
  retryWait: seconds('Wait between retries.').default(1),
  thinkTime: Dist.default({ kind: 'constant', value: 0.005 }).describe('[unconfirmed] Client time between requests.'),
});

const Periodic = z.strictObject({
  kind: z.literal('periodic').describe('Which client this population runs.'),
  ...population,
  interval: Dist.describe('Time between one session start and the next, per instance (e.g. exponential for Poisson).'),
  requests: z.number().int().min(1).default(1).describe('Requests per session.'),
  keepAlive: z.boolean().default(false).describe('Reuse one connection per session (closed at its end).'),
  timeout: seconds('Per-request timeout (connect + response; 0 = none).').default(10),
  thinkTime: Dist.default({ kind: 'constant', value: 0 }).describe('Client time between requests of a session.'),
});

export const Client = z
  .discriminatedUnion('kind', [Chef, CloudInit, Periodic])
  .describe('A metadata client population.');

export const Slo = z
  .strictObject({
    metric: z
      .enum(['p50', 'p90', 'p99', 'p99.9', 'mean', 'max', 'timeoutRate', 'failureRate'])
      .default('p99')
      .describe(
        'Metric the objective is about: a latency statistic in seconds, or the share of timed-out / failed requests.',
      ),
    threshold: z.number().min(0).describe('Seconds for latency metrics; a fraction for rates.'),
  })
  .describe('Service level objective used by the report verdict and `nmsim capacity`.');

export const Scenario = z
  .strictObject({
    name: z.string().min(1).max(200).describe('Scenario name, shown in reports.'),
    description: z
      .string()
      .max(5000)
      .default('')
      .describe('One paragraph: what this design is and why it is interesting.'),
    extends: z
      .string()
      .optional()
      .describe('Path (relative to this file) of a scenario whose fields this one overrides.'),
    release: z
      .enum(['mitaka-8.0', 'mitaka', 'newton', 'ocata', 'pike', 'queens'])
      .optional()
      .describe(
        'Neutron release preset: sets the proxy kind, pool size and agent cache defaults of that release. Fields set here win.',
      ),
    seed: z.union([z.number().int(), z.string()]).default(1).describe('Master seed of all random streams.'),
    duration: period('Simulated time measured, after warm-up.').default(21600),
    warmup: z
      .union([z.literal('auto'), seconds('')])
      .default(1800)
      .describe('Simulated time discarded before measuring: seconds, or "auto" (MSER-5 on the latency series).'),
    replications: z
      .union([
        posInt(''),
        z.strictObject({
          min: posInt('Replications run before the precision rule is first checked.').default(3),
          max: posInt('Stop after this many replications even if the rule is not met.').default(30),
          relativeHalfWidth: z
            .number()
            .gt(0)
            .lt(1)
            .default(0.05)
            .describe('Target 95% CI half-width, as a fraction of the mean (0.05 = ±5%).'),
          metrics: z
            .array(z.enum(['p50', 'p90', 'p99', 'p99.9', 'mean']))
            .default(['p99'])
            .describe('Latency metrics whose CI must meet the target.'),
        }),
      ])
      .default(5)
      .describe(
        'Independent replications (a number), or a sequential rule: add replications until the 95% CI half-width of each metric is within relativeHalfWidth of its mean, or max is reached.',
      ),
    topology: Topology,
    kernel: Kernel.default(Kernel.parse({})),
    proxy: Proxy.default(Proxy.parse({})),
    agent: Agent.default(Agent.parse({})),
    nova: Nova.default(Nova.parse({})),
    clients: z.array(Client).min(1).describe('Who asks for metadata, and how.'),
    slo: Slo.default({ metric: 'p99', threshold: 2 }),
    sampleInterval: period('Interval of the pool-occupancy and listen-queue time series.').optional(),
  })
  .describe('An nmsim scenario.');

export type ScenarioInput = z.input<typeof Scenario>;
export type Scenario = z.output<typeof Scenario>;
export type ClientSpec = z.output<typeof Client>;
export type ChefSpec = z.output<typeof Chef>;
export type CloudInitSpec = z.output<typeof CloudInit>;
export type PeriodicSpec = z.output<typeof Periodic>;
export type NetworkSpec = z.output<typeof Network>;
export type TopologyCfg = z.output<typeof Topology>;
export type KernelCfg = z.output<typeof Kernel>;
export type EventletCfg = z.output<typeof EventletProxy>;
export type HaproxyCfg = z.output<typeof HaproxyProxy>;
export type AgentCfg = z.output<typeof Agent>;
export type NovaCfg = z.output<typeof Nova>;
