/**
 * The scenario schema: every field a scenario file may set, its type, its default and where
 * the default comes from (../shared/domain.md). Descriptions are the scenario reference: the
 * reference document and `nmsim schema` are generated from them, so they stay in step.
 *
 * A description tagged "[unconfirmed]" is a value with no public source; the reference flags it,
 * and `.meta(plausible(low, high, shape, why))` next to it gives the range `nmsim robust` explores
 * (for a distribution, the range of its median in seconds).
 */
import { z } from 'zod';
import { compile, describeKinds, DistributionError, type DistSpec } from '../engine/distributions.js';
import { parseDuration } from './units.js';
import { parseCidr } from './cidr.js';
import { plausible } from './plausible.js';

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
    synackRetries: nonNegInt(
      "tcp_synack_retries of the proxies' and Nova's namespaces: SYN-ACK resends (1, 2, 4, 8, 16 s apart) for a handshake whose last ACK found the accept queue full (tcp_abort_on_overflow 0); reset 63 s after the SYN with 5.",
    )
      .max(10)
      .default(5),
    handshakeRtt: seconds(
      '[unconfirmed] Round trip of the TCP handshake between an instance and its proxy (or the agent and Nova). SYNs within one round trip of each other all pass the accept-queue check, so some of their ACKs can find the queue full (0 = only the SYN-drop path).',
    )
      .default(0.0005)
      .meta(plausible(0.0001, 0.005, 'log', 'a Linux-bridge hop on one host to a loaded VXLAN path: 0.1-5 ms')),
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
    cpuPerRequest: Dist.default({ kind: 'lognormal', median: 0.0015, p99: 0.006 })
      .describe('[unconfirmed] Python CPU per request in the proxy (parse, relay); all requests share one CPU.')
      .meta(
        plausible(0.0005, 0.005, 'log', 'eventlet WSGI parse and relay in CPython: 0.5-5 ms spans fast to slow cores'),
      ),
    cpuPerConnection: Dist.default({ kind: 'constant', value: 0.0003 })
      .describe('[unconfirmed] CPU to accept a connection and spawn its green thread.')
      .meta(
        plausible(0.0001, 0.001, 'log', 'accept() plus a greenlet spawn: a tenth to a whole millisecond of CPython'),
      ),
    connectSpinCpu: Dist.default({ kind: 'constant', value: 0.00005 })
      .describe(
        "[unconfirmed] Proxy CPU per try of the green connect to the agent's Unix socket while its backlog is full: eventlet's GreenSocket.connect treats EAGAIN as EWOULDBLOCK and trampolines on writability, which an unconnected Unix socket always has, so it retries in a loop (connect_ex, a hub switch) on the proxy's one CPU.",
      )
      .meta(plausible(0.00001, 0.0002, 'log', 'one connect_ex syscall plus a hub switch in CPython: 10-200 µs')),
  })
  .describe('The eventlet neutron-ns-metadata-proxy (up to Ocata).');

export const HaproxyProxy = z
  .strictObject({
    maxconn: posInt('global maxconn: concurrent client connections per proxy.').default(1024),
    backlog: posInt(
      'Listen backlog requested (HAProxy default: maxconn), capped by the namespace somaxconn.',
    ).optional(),
    timeoutHttpRequest: seconds('timeout http-request').default(30),
    timeoutConnect: seconds(
      "timeout connect. A connect to the agent's Unix socket succeeds or fails at once (EAGAIN on a full backlog), so it never runs out on this path.",
    ).default(30),
    timeoutClient: seconds('timeout client').default(32),
    timeoutServer: seconds('timeout server: a slower backend gets a 504.').default(32),
    timeoutHttpKeepAlive: seconds('timeout http-keep-alive: idle client connections are closed after this.').default(
      30,
    ),
    retries: nonNegInt(
      'retries: connection attempts to the agent socket after the first. A full backlog fails each at once and they follow back to back (no turn-around delay for a synchronous error, haproxy backend.c), then 503.',
    ).default(3),
    serverMaxconn: posInt(
      'maxconn on the server line. Neutron sets none (HAProxy then queues nothing itself); set it to model HAProxy-side queueing with `timeout queue` and 503s.',
    ).optional(),
    timeoutQueue: seconds('timeout queue (only with serverMaxconn): a request queued longer gets a 503.').default(30),
    cpuPerRequest: Dist.default({ kind: 'constant', value: 0.00005 })
      .describe('[unconfirmed] HAProxy CPU per request.')
      .meta(
        plausible(
          2e-5,
          2e-4,
          'log',
          'HAProxy relays tens of thousands of small requests per second per core; 20-200 us per request',
        ),
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
          'pre-995 (ohai 8.x ec2_metadata.rb): a new TCP connection per GET, never closed by ohai; it closes when garbage collection frees it (gcDelay) or the run ends. post-995 (ohai 13.1.0+, `@conn ||= Net::HTTP.start`): one persistent connection per run, open until the run ends.',
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
        'TCP probe of 169.254.169.254:80 before crawling; if it fails metadata is skipped. A probe that connects is never closed by ohai (can_metadata_connect? / can_socket_connect?): its idle connection is held like a leaked GET connection (gcDelay, or the run end).',
      ).default(2),
      openTimeout: seconds(
        'Connect timeout per request (default 60 pre-995, 60 post; 0 = none, the kernel gives up after its SYN retries).',
      ).optional(),
      readTimeout: seconds('Read timeout per request (30 s pre-995, 10 s post-995; 0 = none).').optional(),
      keepAliveTimeout: seconds(
        'post-995: Net::HTTP keep_alive_timeout. Only decides whether the next GET reuses the connection (a longer gap closes it and reconnects); nothing closes an idle connection, so it stays open until the run ends.',
      ).default(10),
      closeIdleAfter: seconds(
        'post-995, opt-in: a client that does close its idle persistent connection after this many seconds (ohai does not; unset = open until the run ends).',
      ).optional(),
      gcDelay: z
        .union([z.literal('run-end'), Dist])
        .default({ kind: 'lognormal', median: 20, p99: 200 })
        .describe(
          '[unconfirmed] Time from the end of a GET (or the probe) until Ruby garbage collection frees its unreachable Net::HTTP socket and closes the descriptor (IO autoclose); drawn per connection. The connection lives until the earlier of this and the run end. "run-end": never collected during the run. Default chosen to agree with the incident: a 100-thread pool overflows only if leaked connections live on average longer than about 8 s (100 / (0.51 runs/s x 25 GETs)); the README shows the answers across this value.',
        )
        .meta(
          plausible(
            2,
            300,
            'log',
            'Ruby GC runs every few MB of allocation: seconds in a busy chef run, minutes in a quiet tail',
          ),
        ),
      thinkTime: Dist.default({ kind: 'constant', value: 0.002 })
        .describe('[unconfirmed] Client time between one response and the next GET.')
        .meta(plausible(0.0005, 0.02, 'log', 'Ruby parses a small response and builds the next URL: 0.5-20 ms')),
    })
    .default({
      version: 'pre-995',
      requests: { min: 23, max: 27 },
      probeTimeout: 2,
      keepAliveTimeout: 10,
      gcDelay: { kind: 'lognormal', median: 20, p99: 200 },
      thinkTime: { kind: 'constant', value: 0.002 },
    })
    .describe('The ohai openstack plugin that fetches metadata during each chef-client run.'),
  preOhai: Dist.default({ kind: 'uniform', min: 2, max: 8 })
    .describe('[unconfirmed] Time from run start to the metadata crawl.')
    .meta(plausible(1, 30, 'log', 'ohai runs after chef-client loads and syncs: 1 s (warm) to 30 s (slow start)')),
  restOfRun: Dist.default({ kind: 'lognormal', median: 45, p99: 300 })
    .describe(
      '[unconfirmed] Time from the end of the crawl to the end of the chef-client run (the forked run process exits and its sockets close).',
    )
    .meta(
      plausible(
        5,
        600,
        'log',
        'from a no-op converge (seconds) to a long cookbook run (10 min); domain.md: seconds to the whole run',
      ),
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
  bootDelay: Dist.default({ kind: 'uniform', min: 5, max: 20 })
    .describe('[unconfirmed] Boot start to the first metadata request.')
    .meta(
      plausible(
        3,
        60,
        'log',
        'kernel and systemd boot to cloud-init network stage: 3 s (container-like) to 60 s (slow images)',
      ),
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
  thinkTime: Dist.default({ kind: 'constant', value: 0.005 })
    .describe('[unconfirmed] Client time between requests.')
    .meta(plausible(0.001, 0.05, 'log', 'Python URL handling between requests of the crawl: 1-50 ms')),
});

const Periodic = z.strictObject({
  kind: z.literal('periodic').describe('Which client this population runs.'),
  ...population,
  interval: Dist.describe('Time between one session start and the next, per instance (e.g. exponential for Poisson).'),
  requests: z.number().int().min(1).default(1).describe('Requests per session.'),
  keepAlive: z.boolean().default(false).describe('Reuse one connection per session (closed at its end).'),
  timeout: seconds(
    'Per-request timeout (connect + response); 0 = none (a poller that waits as long as it takes).',
  ).default(10),
  thinkTime: Dist.default({ kind: 'constant', value: 0 }).describe('Client time between requests of a session.'),
  start: seconds(
    'Seconds after warm-up at which sessions start (a transient load). Default: running from time zero, in steady state when the window opens.',
  ).optional(),
  stop: seconds('Seconds after warm-up after which no session starts (default: the end of the window).').optional(),
});

export const Client = z
  .discriminatedUnion('kind', [Chef, CloudInit, Periodic])
  .describe('A metadata client population.');

/** SLO metrics: run-level answers first, then request latency and outcome shares. */
export const SLO_METRIC_NAMES = [
  'runSuccess',
  'runP50',
  'runP90',
  'runP99',
  'p50',
  'p90',
  'p99',
  'p99.9',
  'mean',
  'max',
  'timeoutRate',
  'failureRate',
] as const;

export const Slo = z
  .strictObject({
    metric: z
      .enum(SLO_METRIC_NAMES)
      .default('p99')
      .describe(
        'Metric the objective is about. runSuccess: share of runs (chef runs, cloud-init boots, sessions) that got all their metadata, met when at least the threshold. runP50/runP90/runP99: time to metadata of runs, a run without metadata counting as never. Otherwise a request latency statistic in seconds, or the share of timed-out / failed requests; met when at most the threshold.',
      ),
    threshold: z
      .number()
      .min(0)
      .describe('Seconds for latency and run-time metrics; a fraction for rates and runSuccess (0.99).'),
  })
  .superRefine((v, ctx) => {
    if ((v.metric === 'runSuccess' || v.metric.endsWith('Rate')) && v.threshold > 1)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: `${v.threshold} is not a fraction in [0, 1]` });
  })
  .describe('Service level objective used by the verdict, compare, sweep and `nmsim capacity`.');

/** Longest drain a scenario may set (7 days), checked before simulating. */
export const MAX_DRAIN = 604800;

/** Most `ranges:` entries a scenario may set (each is a dimension of `nmsim robust`'s sample). */
export const MAX_RANGES = 100;

export const RangeSpec = z
  .strictObject({
    low: seconds('Lowest plausible value (a distribution: its median, in seconds).'),
    high: seconds('Highest plausible value.'),
    shape: z
      .enum(['uniform', 'log'])
      .optional()
      .describe("How to sample between them (default: the schema's shape for the field, else uniform)."),
    why: z.string().max(500).optional().describe('One line: where the range comes from.'),
  })
  .describe('A plausible range of one numeric field.');

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
    drain: z
      .union([
        z.literal('auto'),
        seconds('').refine((v) => v <= MAX_DRAIN, { message: `at most ${MAX_DRAIN} s (7 days)` }),
      ])
      .default('auto')
      .describe(
        'After the window closes no new run or session starts and the requests and runs that started in it finish, up to this long; what is still open then is reported. "auto": long enough for every client timeout, retry and SYN retransmission of a run to resolve (see the README).',
      ),
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
    neutronServer: NeutronServer.default(NeutronServer.parse({})),
    nova: Nova.default(Nova.parse({})),
    clients: z.array(Client).min(1).describe('Who asks for metadata, and how.'),
    slo: Slo.default({ metric: 'p99', threshold: 2 }),
    ranges: z
      .record(z.string().max(300), RangeSpec)
      .refine((r) => Object.keys(r).length <= MAX_RANGES, `at most ${MAX_RANGES} ranges`)
      .optional()
      .describe(
        'Plausible ranges for `nmsim robust`, by field path: `{low, high, shape: uniform|log, why}`, e.g. `clients[0].restOfRun: {low: 10, high: 120, shape: log}`. They replace the range of an unconfirmed field or add one to any numeric field (a number, duration or distribution; for a distribution the range is of its median).',
      ),
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
export type RangeSpec = z.output<typeof RangeSpec>;
export type NeutronServerCfg = z.output<typeof NeutronServer>;
