/**
 * Bounds on what a scenario may ask for, checked after the schema and before anything is
 * allocated. Each cap names the field it limits; every size a scenario can set is either in
 * CAPS (one line a field: new sizes get a bound by adding a line) or covered by the work and
 * memory estimates below. The caps are far above any real deployment and are there to refuse
 * typos and hostile files quickly (`agent.workers: 1e9` took 14.9 GB before they existed);
 * `--allow-large` lifts them for someone who means it.
 *
 * The estimates are deliberately rough (within a factor of about 2 of what a run does on the
 * shipped scenarios): they decide between "runs" and "refused, name the field", not a budget.
 */
import { compile } from '../engine/distributions.js';
import type { PathSegment } from './paths.js';
import type { Scenario } from './schema.js';
import { selectedInstanceCount } from './instances.js';
import { sampleIntervalOf } from './selection.js';

export interface Cap {
  /** Dotted path; `*` stands for every item of a list. */
  path: string;
  max: number;
  /** What the number makes the simulator allocate or do, for the message. */
  what: string;
}

/** Points of a sweep grid (each is validated, then run). */
export const MAX_SWEEP_POINTS = 1000;
/** Replications a command line may ask for (`--replications`). */
export const MAX_REPLICATIONS = 1000;
/** Worker threads (`--workers`): each is a Node isolate of ~10 MB. */
export const MAX_WORKERS = 256;

/** Sizes each allocating something per unit; the values the simulator builds objects for. */
export const CAPS: readonly Cap[] = [
  { path: 'topology.l3Agents', max: 10_000, what: 'network nodes, each with a metadata agent' },
  { path: 'topology.dhcpAgents', max: 10_000, what: 'DHCP hosts, each with a metadata agent' },
  { path: 'topology.dhcpAgentsPerNetwork', max: 100, what: 'proxies per network' },
  { path: 'topology.computeHosts', max: 100_000, what: 'compute hosts (a proxy each in DVR)' },
  { path: 'topology.routers', max: 10_000, what: 'routers, a proxy each' },
  { path: 'topology.networks', max: 10_000, what: 'networks' },
  { path: 'agent.hostCpus', max: 2048, what: 'CPUs per network node (hostCpus // 2 agent workers)' },
  { path: 'agent.workers', max: 1024, what: 'agent worker processes per network node' },
  { path: 'agent.rpcServers', max: 10_000, what: 'neutron-server RPC workers' },
  { path: 'nova.workers', max: 1024, what: 'Nova metadata API worker processes' },
  { path: 'clients', max: 1000, what: 'client populations' },
  { path: 'clients.*.requests', max: 10_000, what: 'requests per session' },
  { path: 'clients.*.ohai.requests', max: 10_000, what: 'GETs per chef run' },
  { path: 'clients.*.ohai.requests.max', max: 10_000, what: 'GETs per chef run' },
  { path: 'clients.*.boot.waves', max: 10_000, what: 'boot waves' },
  { path: 'clients.*.retries', max: 100, what: 'retries per request' },
  { path: 'clients.*.trace.rows', max: 100_000_000, what: 'trace rows (requests replayed)' },
  { path: 'kernel.synRetries', max: 20, what: 'SYN retransmissions' },
  { path: 'replications', max: MAX_REPLICATIONS, what: 'replications' },
  { path: 'replications.max', max: MAX_REPLICATIONS, what: 'replications' },
  { path: 'duration', max: 90 * 86400, what: 'seconds of simulated time (90 days)' },
  { path: 'warmup', max: 90 * 86400, what: 'seconds of warm-up (90 days)' },
];

/** Requests a study may simulate in all (about an hour of CPU at ~150,000 requests a second). */
export const MAX_REQUESTS = 5e8;
/** Memory one replication may need, by the estimate below. */
export const MAX_MEMORY_BYTES = 4 * 1024 ** 3;
/** Points of each pool-occupancy and queue time series in one replication. */
export const MAX_SAMPLES = 1_000_000;

/** Bytes an instance costs (its client state and streams), and a connection it holds open. */
const BYTES_PER_INSTANCE = 2048;
const BYTES_PER_CONNECTION = 2048;

export interface Issue {
  path: PathSegment[];
  message: string;
}

const ALLOW = '; pass --allow-large to run it anyway';

/** Every (path, value) the cap's pattern matches in `s`; a list counts by its length. */
function valuesAt(s: unknown, pattern: string): { path: PathSegment[]; value: number }[] {
  let found: { path: PathSegment[]; v: unknown }[] = [{ path: [], v: s }];
  for (const seg of pattern.split('.')) {
    const next: typeof found = [];
    for (const f of found) {
      if (seg === '*' && Array.isArray(f.v)) f.v.forEach((x, i) => next.push({ path: [...f.path, i], v: x }));
      else if (f.v !== null && typeof f.v === 'object' && !Array.isArray(f.v) && Object.hasOwn(f.v, seg))
        next.push({ path: [...f.path, seg], v: (f.v as Record<string, unknown>)[seg] });
    }
    found = next;
  }
  return found.flatMap((f) =>
    typeof f.v === 'number'
      ? [{ path: f.path, value: f.v }]
      : Array.isArray(f.v)
        ? [{ path: f.path, value: f.v.length }]
        : [],
  );
}

/** Requests, memory and samples a scenario needs; what refuses it when over a bound. */
export function boundIssues(s: Scenario, allowLarge: boolean): Issue[] {
  const issues: Issue[] = [];
  if (!allowLarge)
    for (const cap of CAPS)
      for (const { path, value } of valuesAt(s, cap.path))
        if (value > cap.max)
          issues.push({ path, message: `${value} is over the cap of ${cap.max} ${cap.what}${ALLOW}` });
  if (issues.length > 0) return issues;
  const w = estimateWork(s);
  if (!allowLarge && w.requests > MAX_REQUESTS)
    issues.push({
      path: ['duration'],
      message: `about ${sci(w.requests)} requests over ${w.replications} replication(s) (${w.biggest} the most), over the cap of ${sci(MAX_REQUESTS)} (about an hour of CPU); shorten duration or lower replications${ALLOW}`,
    });
  if (!allowLarge && w.bytes > MAX_MEMORY_BYTES)
    issues.push({
      path: ['topology', 'networks'],
      message: `${w.instances} instances holding up to ${w.connections} connections need about ${gib(w.bytes)} of memory, over the cap of ${gib(MAX_MEMORY_BYTES)}${ALLOW}`,
    });
  if (w.samples > MAX_SAMPLES && !allowLarge)
    issues.push({
      path: ['sampleInterval'],
      message: `${sci(w.samples)} points per time series, over the cap of ${sci(MAX_SAMPLES)}: use a longer interval${ALLOW}`,
    });
  return issues;
}

const sci = (x: number): string => (x < 1e6 ? String(Math.round(x)) : x.toExponential(1));
const gib = (b: number): string => `${(b / 1024 ** 3).toFixed(1)} GiB`;

export interface WorkEstimate {
  requests: number;
  replications: number;
  /** The client population with the most requests, e.g. "clients[0]". */
  biggest: string;
  instances: number;
  connections: number;
  bytes: number;
  samples: number;
}

const probe = { name: 'bounds', next: () => 0.5 };
const meanOf = (d: Scenario['agent']['cpuPerRequest']): number => compile(d, probe).mean;

/** A rough count of requests, open connections, memory and series points of a study. */
export function estimateWork(s: Scenario): WorkEstimate {
  const instances = s.topology.networks.reduce((a, n) => a + n.instances, 0);
  const horizon = s.duration + (s.warmup === 'auto' ? s.duration : s.warmup);
  const replications = typeof s.replications === 'number' ? s.replications : s.replications.max;
  let perReplication = 0;
  let connections = 0;
  let biggest = { label: 'clients[0]', n: -1 };
  s.clients.forEach((c, i) => {
    const pool = c.networks
      ? s.topology.networks.filter((n) => c.networks!.includes(n.name)).reduce((a, n) => a + n.instances, 0)
      : instances;
    const k = selectedInstanceCount(c.instances, pool);
    let sessions: number, perSession: number, held: number;
    if (c.kind === 'chef') {
      const gets = typeof c.ohai.requests === 'number' ? c.ohai.requests : c.ohai.requests.max;
      const period = c.schedule === 'cron' ? c.cronPeriod : c.interval + c.splay / 2 + meanOf(c.restOfRun);
      sessions = horizon / Math.max(period, 1) + 1;
      perSession = gets + 1;
      held = c.ohai.version === 'pre-995' ? gets : 1;
    } else if (c.kind === 'cloud-init') {
      sessions = c.boot.waves;
      perSession = c.requests * (c.retries + 1);
      held = 1;
    } else if (c.kind === 'replay') {
      // Every row is one request, whichever instance sends it: count them once, not per instance.
      sessions = (c.trace?.rows ?? 0) / Math.max(k, 1);
      perSession = 1;
      held = 1;
    } else {
      sessions = horizon / Math.max(meanOf(c.interval), 1e-9) + 1;
      perSession = c.requests;
      held = 1;
    }
    const n = k * sessions * perSession;
    if (n > biggest.n) biggest = { label: `clients[${i}]`, n };
    perReplication += n;
    connections += k * held;
  });
  const dt = sampleIntervalOf(s);
  return {
    requests: perReplication * replications,
    replications,
    biggest: biggest.label,
    instances,
    connections,
    bytes: instances * BYTES_PER_INSTANCE + connections * BYTES_PER_CONNECTION,
    samples: horizon / dt,
  };
}
