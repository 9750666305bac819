/**
 * The real-server testbed: a backend standing in for the metadata agent + Nova on a Unix
 * socket, and in front of it either the eventlet ns-metadata-proxy stand-in or HAProxy with
 * Neutron's generated configuration, listening on 127.0.0.1.
 *
 * Every process is a child of this one, dies with it (PR_SET_PDEATHSIG) and after a hard
 * lifetime limit, and is killed by `withTestbed` whatever happens inside.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os, { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/** Debian's python3 (with python3-eventlet), not a pyenv one on PATH. */
export const PYTHON = '/usr/bin/python3';

/** test/validation/servers in the source tree (this file runs from dist/test/validation). */
export const SERVERS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../test/validation/servers');

export interface ServiceTime {
  kind: 'constant' | 'exponential';
  /** Seconds (the constant, or the exponential's mean). */
  mean: number;
}

export interface TestbedConfig {
  proxy: 'eventlet' | 'haproxy';
  /** eventlet: wsgi_default_pool_size. */
  proxyPool: number;
  /** eventlet: listen backlog requested (the kernel caps it at somaxconn). */
  proxyBacklog: number;
  keepAlive: boolean;
  clientSocketTimeout: number;
  /** HAProxy global maxconn (Neutron: 1024). */
  haproxyMaxconn: number;
  /** Backend green pool (one process). */
  backendPool: number;
  backendBacklog: number;
  service: ServiceTime;
  seed: number;
}

export const DEFAULT_TESTBED: TestbedConfig = {
  proxy: 'eventlet',
  proxyPool: 4,
  proxyBacklog: 128,
  keepAlive: true,
  clientSocketTimeout: 900,
  haproxyMaxconn: 1024,
  backendPool: 64,
  backendBacklog: 1024,
  service: { kind: 'constant', mean: 0.02 },
  seed: 1,
};

/** One green thread's life: [start, end, service seconds its requests drew, requests]. */
export type ThreadSpan = [number, number, number, number];

export interface Traces {
  /** The eventlet proxy's green threads (none for HAProxy). */
  proxy: ThreadSpan[] | null;
  backend: ThreadSpan[];
}

export interface RunningTestbed {
  config: TestbedConfig;
  port: number;
  proxyPid: number;
  backendPid: number;
  /** CPU seconds (user + system) used so far by the proxy and the backend. */
  cpuSeconds(): { proxy: number; backend: number };
  /** Green-thread spans recorded since the last call (the servers write them on SIGUSR1). */
  traces(): Promise<Traces>;
}

/** Signals a server to write its trace file and reads it (written by rename, so complete). */
async function collectTrace(pid: number, path: string, timeout = 5): Promise<ThreadSpan[]> {
  rmSync(path, { force: true });
  process.kill(pid, 'SIGUSR1');
  const end = Date.now() + timeout * 1000;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const j = JSON.parse(readFileSync(path, 'utf8')) as { threads: ThreadSpan[] };
      rmSync(path, { force: true });
      return j.threads;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no trace from pid ${pid} after ${timeout} s`);
}

/** What is missing to run the testbed (empty when it can run). */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const py = spawnSync(PYTHON, ['-c', 'import eventlet, eventlet.wsgi'], { stdio: 'ignore', timeout: 20_000 });
  if (py.status !== 0) missing.push(`python3-eventlet (${PYTHON} -c 'import eventlet' failed)`);
  const ha = spawnSync('haproxy', ['-v'], { stdio: 'ignore', timeout: 10_000 });
  if (ha.status !== 0) missing.push('haproxy (haproxy -v failed)');
  return missing;
}

export interface KernelSettings {
  somaxconn: number;
  synRetries: number;
  /** net.ipv4.tcp_syn_linear_timeouts (0 where the kernel has no such setting). */
  synLinearTimeouts: number;
  abortOnOverflow: number;
  /** net.ipv4.tcp_syncookies. */
  syncookies: number;
  /** net.ipv4.tcp_synack_retries. */
  synackRetries: number;
  /** CONFIG_HZ: the timer wheel's tick (kernelTimerHz). */
  timerHz: number;
  /** Where timerHz comes from: the kernel's build config, or measured from the jiffies counter. */
  timerHzSource: 'config' | 'measured' | 'unknown';
}

/** The kernel's TCP listen counters this validation compares (TcpExt in /proc/net/netstat). */
export const LISTEN_COUNTERS = [
  'ListenOverflows',
  'ListenDrops',
  'TCPReqQFullDoCookies',
  'TCPReqQFullDrop',
  'SyncookiesSent',
  'SyncookiesRecv',
  'SyncookiesFailed',
  'TCPSynRetrans',
  'TCPTimeouts',
  'TCPLossProbes',
] as const;

/**
 * The TcpExt counters of this network namespace (they count every socket in it, so other
 * loopback traffic on the machine adds to them; the validation's own dominates during a level).
 */
export function tcpExtCounters(): Record<string, number> {
  const out: Record<string, number> = {};
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const k = lines[i].split(' ');
      const v = lines[i + 1].split(' ');
      if (k[0] !== 'TcpExt:') continue;
      for (let j = 1; j < k.length; j++)
        if ((LISTEN_COUNTERS as readonly string[]).includes(k[j])) out[k[j]] = Number(v[j]);
    }
  } catch {
    // not Linux: no counters
  }
  return out;
}

let timerHzCache: { hz: number; source: KernelSettings['timerHzSource'] } | undefined;

/**
 * CONFIG_HZ of the running kernel: from its build configuration (/proc/config.gz, or
 * /boot/config-<release>), else measured as the growth of the jiffies counter in
 * /proc/timer_list over 0.5 s (rounded to the nearest of the configurable 100, 250, 300, 1000).
 */
export function kernelTimerHz(): { hz: number; source: KernelSettings['timerHzSource'] } {
  if (timerHzCache) return timerHzCache;
  const fromConfig = (text: string): number => Number(/^CONFIG_HZ=(\d+)$/m.exec(text)?.[1] ?? NaN);
  const tries: (() => string)[] = [
    () => gunzipSync(readFileSync('/proc/config.gz')).toString('utf8'),
    () => readFileSync(`/boot/config-${os.release()}`, 'utf8'),
  ];
  for (const t of tries) {
    try {
      const hz = fromConfig(t());
      if (hz > 0) return (timerHzCache = { hz, source: 'config' });
    } catch {
      // next source
    }
  }
  try {
    const jiffies = (): [number, number] => [
      Number(/^jiffies: (\d+)$/m.exec(readFileSync('/proc/timer_list', 'utf8'))?.[1]),
      performance.now() / 1000,
    ];
    const [j0, t0] = jiffies();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    const [j1, t1] = jiffies();
    const rate = (j1 - j0) / (t1 - t0);
    if (Number.isFinite(rate) && rate > 0) {
      const hz = [100, 250, 300, 1000].reduce((a, b) => (Math.abs(b - rate) < Math.abs(a - rate) ? b : a));
      return (timerHzCache = { hz, source: 'measured' });
    }
  } catch {
    // unknown
  }
  return (timerHzCache = { hz: 0, source: 'unknown' });
}

/** Kernel settings the results depend on (read, never changed). */
export function kernelSettings(): KernelSettings {
  const rd = (p: string, d: number): number => {
    try {
      return Number(readFileSync(p, 'utf8').trim());
    } catch {
      return d;
    }
  };
  return {
    somaxconn: rd('/proc/sys/net/core/somaxconn', 4096),
    synRetries: rd('/proc/sys/net/ipv4/tcp_syn_retries', 6),
    synLinearTimeouts: rd('/proc/sys/net/ipv4/tcp_syn_linear_timeouts', 0),
    abortOnOverflow: rd('/proc/sys/net/ipv4/tcp_abort_on_overflow', 0),
    syncookies: rd('/proc/sys/net/ipv4/tcp_syncookies', 1),
    synackRetries: rd('/proc/sys/net/ipv4/tcp_synack_retries', 5),
    timerHz: kernelTimerHz().hz,
    timerHzSource: kernelTimerHz().source,
  };
}

/**
 * When connect() sends its SYNs, in seconds after the first, on this kernel: the initial RTO
 * of 1 s doubles per retransmission, except that kernels with tcp_syn_linear_timeouts = L keep
 * it at 1 s for the first L + 1 waits (1, 2, 3, 4, 5, 7, 11 s with L = 4). connect() gives up
 * when the classic schedule's total (127 s with 6 retries) has passed, so with linear
 * timeouts it makes more attempts in the same time. Attempts up to `horizon` seconds.
 */
export function synSchedule(k: KernelSettings = kernelSettings(), horizon = 130): number[] {
  const giveUp = Math.pow(2, k.synRetries + 1) - 1;
  const times = [0];
  let t = 0;
  for (let i = 0; ; i++) {
    const rto = i <= k.synLinearTimeouts && k.synLinearTimeouts > 0 ? 1 : Math.pow(2, i - k.synLinearTimeouts);
    t += k.synLinearTimeouts > 0 ? rto : Math.pow(2, i);
    if (t >= giveUp || t > horizon) break;
    times.push(t);
  }
  return times;
}

const CLK_TCK = 100;

/** utime + stime of a process (all threads), in seconds. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after "(comm)": state is index 0, utime is field 14 overall (index 11 here).
    return (Number(f[11]) + Number(f[12])) / CLK_TCK;
  } catch {
    return NaN;
  }
}

/** A free loopback TCP port (bound then released; the gap is short). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => res(port));
    });
  });
}

/**
 * Scheduling of the testbed. It shares the machine's CPUs with whatever else runs (other test
 * files run in parallel with this one), and a server that waits for a CPU is slower than the
 * one that was calibrated. The servers and, during a measurement, the load generator's thread
 * therefore run at a real-time priority (SCHED_FIFO 10) when allowed, else at nice -10, else
 * as they are. Their CPU use is small (tens of percent of one CPU) and bounded in time, and the
 * kernel's RT throttling keeps 5% of every CPU for everyone else in any case.
 */
export type SchedulingMode = 'fifo' | 'nice' | 'normal';

let schedMode: SchedulingMode | null = null;

export function schedulingMode(): SchedulingMode {
  if (schedMode === null) {
    const ok = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore', timeout: 5000 }).status === 0;
    schedMode = ok('chrt', ['-f', '10', 'true']) ? 'fifo' : ok('nice', ['-n', '-10', 'true']) ? 'nice' : 'normal';
  }
  return schedMode;
}

function spawnPrioritised(cmd: string, args: string[], cwd: string, stdio: ('ignore' | 'pipe')[]): ChildProcess {
  const mode = schedulingMode();
  if (mode === 'fifo') return spawn('chrt', ['-f', '10', cmd, ...args], { cwd, stdio });
  if (mode === 'nice') return spawn('nice', ['-n', '-10', cmd, ...args], { cwd, stdio });
  return spawn(cmd, args, { cwd, stdio });
}

/** Runs `fn` with this process's main thread at the testbed's priority, then restores it. */
export async function withPriority<T>(fn: () => Promise<T>): Promise<T> {
  const mode = schedulingMode();
  const pid = String(process.pid);
  let restore: (() => void) | null = null;
  if (mode === 'fifo' && spawnSync('chrt', ['-f', '-p', '10', pid], { stdio: 'ignore' }).status === 0)
    restore = () => void spawnSync('chrt', ['-o', '-p', '0', pid], { stdio: 'ignore' });
  else if (mode !== 'normal') {
    try {
      const before = os.getPriority(0);
      os.setPriority(0, -10);
      restore = () => os.setPriority(0, before);
    } catch {
      restore = null;
    }
  }
  try {
    return await fn();
  } finally {
    try {
      restore?.();
    } catch {
      // Lowering a priority back is always allowed; nothing else to do.
    }
  }
}

interface Child {
  proc: ChildProcess;
  name: string;
  stderr: string[];
}

/** Starts a child and waits for its "READY ..." line; rejects on exit or timeout. */
function startChild(name: string, cmd: string, args: string[], cwd: string, timeout = 15): Promise<[Child, string]> {
  return new Promise((res, rej) => {
    const proc = spawnPrioritised(cmd, args, cwd, ['ignore', 'pipe', 'pipe']);
    const child: Child = { proc, name, stderr: [] };
    let out = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`${name} not ready after ${timeout} s`)), timeout * 1000);
    const fail = (e: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopChild(child);
      rej(new Error(`${e.message}\n${child.stderr.join('').slice(-2000)}`));
    };
    proc.stderr!.on('data', (d: Buffer) => child.stderr.push(d.toString()));
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /READY ([^\n]*)\n/.exec(out);
      if (m && !settled) {
        settled = true;
        clearTimeout(timer);
        res([child, m[1]]);
      }
    });
    proc.once('exit', (code, sig) => fail(new Error(`${name} exited (${code ?? sig}) before it was ready`)));
    proc.once('error', (e) => fail(e));
  });
}

/** Waits until a TCP port accepts connections (HAProxy prints nothing when ready). */
async function waitForPort(port: number, child: Child, timeout = 10): Promise<void> {
  const end = Date.now() + timeout * 1000;
  while (Date.now() < end) {
    if (child.proc.exitCode !== null)
      throw new Error(`${child.name} exited (${child.proc.exitCode}): ${child.stderr.join('').slice(-2000)}`);
    const ok = await new Promise<boolean>((r) => {
      const s = net.connect({ host: '127.0.0.1', port });
      s.once('connect', () => {
        s.destroy();
        r(true);
      });
      s.once('error', () => {
        s.destroy();
        r(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${child.name} not listening on ${port} after ${timeout} s`);
}

function stopChild(c: Child): Promise<void> {
  const p = c.proc;
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((res) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 2000);
    p.once('exit', () => {
      clearTimeout(kill);
      res();
    });
    p.kill('SIGTERM');
  });
}

/** The HAProxy configuration Neutron generates, for this testbed. */
export function haproxyConfig(port: number, socketPath: string, maxconn: number): string {
  const tpl = readFileSync(join(SERVERS_DIR, 'haproxy.cfg.template'), 'utf8');
  const vars: Record<string, string> = {
    maxconn: String(maxconn),
    port: String(port),
    unix_socket_path: socketPath,
    router_id: '00000000-0000-0000-0000-000000000001',
  };
  return tpl.replace(/\$\{(\w+)\}/g, (_, k: string) => {
    if (!(k in vars)) throw new Error(`haproxy template: unknown variable ${k}`);
    return vars[k];
  });
}

/**
 * Starts backend and proxy, runs `fn`, and stops both (SIGTERM, then SIGKILL after 2 s)
 * whether `fn` succeeds or throws. `maxSeconds` is the servers' own lifetime limit.
 */
export async function withTestbed<T>(
  config: TestbedConfig,
  fn: (tb: RunningTestbed) => Promise<T>,
  maxSeconds = 300,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'nmsim-validation-'));
  const sock = join(dir, 'metadata_proxy');
  const children: Child[] = [];
  try {
    // Backend and proxy start in parallel (Python with eventlet takes about a second to start);
    // the proxies only connect to the backend's socket per request.
    const backendP = startChild(
      'backend',
      PYTHON,
      [
        join(SERVERS_DIR, 'backend.py'),
        '--socket',
        sock,
        '--pool',
        String(config.backendPool),
        '--backlog',
        String(config.backendBacklog),
        '--service',
        config.service.kind,
        '--mean',
        String(config.service.mean),
        '--seed',
        String(config.seed),
        '--max-seconds',
        String(maxSeconds),
        '--trace',
        join(dir, 'backend.trace'),
      ],
      dir,
    ).then(([c]) => {
      children.push(c);
      return c;
    });
    let port: number;
    let proxy: Child;
    if (config.proxy === 'eventlet') {
      const proxyP = startChild(
        'eventlet proxy',
        PYTHON,
        [
          join(SERVERS_DIR, 'eventlet_proxy.py'),
          '--socket',
          sock,
          '--host',
          '127.0.0.1',
          '--port',
          '0',
          '--pool',
          String(config.proxyPool),
          '--backlog',
          String(config.proxyBacklog),
          '--keepalive',
          config.keepAlive ? '1' : '0',
          '--client-socket-timeout',
          String(config.clientSocketTimeout),
          '--max-seconds',
          String(maxSeconds),
          '--trace',
          join(dir, 'proxy.trace'),
        ],
        dir,
      ).then(([c, portStr]) => {
        children.push(c);
        return [c, portStr] as const;
      });
      const [settled] = await Promise.allSettled([Promise.all([backendP, proxyP])]);
      if (settled.status === 'rejected') {
        // Whichever started is stopped in `finally`; wait for the other to settle first.
        await Promise.allSettled([backendP, proxyP]);
        throw settled.reason;
      }
      const [, [p, portStr]] = settled.value;
      proxy = p;
      port = Number(portStr);
    } else {
      port = await freePort();
      const cfgPath = join(dir, 'haproxy.cfg');
      writeFileSync(cfgPath, haproxyConfig(port, sock, config.haproxyMaxconn));
      proxy = {
        proc: spawnPrioritised(PYTHON, [join(SERVERS_DIR, 'pdeathsig_exec.py'), 'haproxy', '-f', cfgPath, '-db'], dir, [
          'ignore',
          'ignore',
          'pipe',
        ]),
        name: 'haproxy',
        stderr: [],
      };
      children.push(proxy);
      const stderr = proxy.stderr;
      proxy.proc.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
      // HAProxy has no lifetime limit of its own: bound it from here.
      const hp = proxy.proc;
      const limit = setTimeout(() => hp.kill('SIGKILL'), maxSeconds * 1000);
      limit.unref();
      hp.once('exit', () => clearTimeout(limit));
      const [settled] = await Promise.allSettled([Promise.all([backendP, waitForPort(port, proxy)])]);
      if (settled.status === 'rejected') {
        await Promise.allSettled([backendP]);
        throw settled.reason;
      }
    }
    const backend = await backendP;
    const proxyPid = proxy.proc.pid!;
    const backendPid = backend.proc.pid!;
    return await fn({
      config,
      port,
      proxyPid,
      backendPid,
      cpuSeconds: () => ({ proxy: processCpuSeconds(proxyPid), backend: processCpuSeconds(backendPid) }),
      traces: async () => ({
        proxy: config.proxy === 'eventlet' ? await collectTrace(proxyPid, join(dir, 'proxy.trace')) : null,
        backend: await collectTrace(backendPid, join(dir, 'backend.trace')),
      }),
    });
  } finally {
    await Promise.all(children.map(stopChild));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Busy and total jiffies of the whole machine (all CPUs), from /proc/stat. */
function machineJiffies(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user).
    const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
    const busy = user + nice + system + irq + softirq + steal;
    return { busy, total: busy + idle + iowait };
  } catch {
    return { busy: NaN, total: NaN };
  }
}

/**
 * Measures how much of the machine processes other than ours used during a measurement: the
 * testbed shares the machine's CPUs, and a proxy starved of CPU has less capacity than the
 * one that was calibrated.
 */
export class ContentionMonitor {
  private m0 = machineJiffies();
  private own0: number;
  private self0 = process.cpuUsage();
  constructor(private readonly pids: number[]) {
    this.own0 = pids.reduce((a, p) => a + processCpuSeconds(p), 0);
  }

  /** Fraction of the machine's CPU time used by other processes since construction, in [0, 1]. */
  othersShare(): number {
    const m1 = machineJiffies();
    const own = this.pids.reduce((a, p) => a + processCpuSeconds(p), 0) - this.own0;
    const self = process.cpuUsage(this.self0);
    const ownSeconds = own + (self.user + self.system) / 1e6;
    const total = (m1.total - this.m0.total) / CLK_TCK;
    const busy = (m1.busy - this.m0.busy) / CLK_TCK;
    if (!(total > 0)) return NaN;
    return Math.max(0, Math.min(1, (busy - ownSeconds) / total));
  }
}
