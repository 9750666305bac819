/**
 * A one-node Slurm cluster for tests, built from Debian's slurm-wlm (22.05) and munge under a
 * temporary state directory, on ports nothing else uses, so it never meets a system Slurm.
 *
 * Slurm authenticates every RPC with a munge credential: munged signs it with a shared key
 * (any 1024 random bytes, readable by its owner only) and listens on a Unix socket, whose
 * folder must be searchable by everyone (munged refuses it otherwise); slurm.conf's
 * `AuthInfo=socket=` points Slurm at our munged instead of /run/munge. slurmctld schedules,
 * slurmd launches the jobs on this host (it must run as root to start jobs). The node's CPUs
 * are this host's, so array tasks of one CPU each run side by side. proctrack/linuxproc and
 * task/none keep Slurm off cgroups, which containers often do not delegate; accounting is off,
 * so finished jobs are read with `scontrol show job` while MinJobAge keeps them.
 *
 * Every daemon runs in the foreground as our child and is stopped by its PID (SIGTERM, then
 * SIGKILL after a bound) in every exit path, including a failed start and the process exiting.
 * Every command and every wait has a time limit.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { writeSlurmConf } from './slurm-conf.js';

export const NODE_NAME = 'nmsimnode';
const DAEMONS = ['munged', 'slurmctld', 'slurmd'] as const;
const CLIENTS = ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'] as const;
/** Seconds allowed for munged to create its socket and for the node to come up idle. */
const START_LIMIT = 30;
/** Seconds allowed for the daemons to exit after SIGTERM, then after SIGKILL. */
const STOP_LIMIT = 10;

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with a time limit (killed with SIGKILL when it is reached); never rejects. */
export function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutSeconds?: number } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { env: opts.env, cwd: opts.cwd, timeout: (opts.timeoutSeconds ?? 30) * 1000, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        const why = err && code === null ? `\n[${cmd}: ${err.message}]` : '';
        resolve({ code, stdout: String(stdout), stderr: String(stderr) + why });
      },
    );
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP port on which nothing listens now (the kernel's choice). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Why Slurm cannot be tried on this machine at all (empty when it can). */
export async function missingSlurm(): Promise<string[]> {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push(`root (slurmd starts jobs as root; running as uid ${process.getuid?.()})`);
  for (const c of [...DAEMONS, ...CLIENTS]) {
    const r = await run('sh', ['-c', `command -v ${c}`], { timeoutSeconds: 10 });
    if (r.code !== 0) missing.push(`${c} (Debian's ${c === 'munged' ? 'munge' : 'slurm-wlm'})`);
  }
  return missing;
}

export class SlurmCluster {
  readonly conf: string;
  private readonly daemons: { name: string; child: ChildProcess; log: string; exited: boolean }[] = [];
  private readonly onExit = () => this.killNow();

  private constructor(readonly dir: string) {
    this.conf = join(dir, 'slurm.conf');
  }

  /** The environment for Slurm's commands: our slurm.conf, nothing from an enclosing job. */
  env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(SLURM|SBATCH|SALLOC|SRUN)_/.test(k)) env[k] = v;
    return { ...env, SLURM_CONF: this.conf, ...extra };
  }

  /** Runs one of Slurm's commands against this cluster. */
  slurm(cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<Ran> {
    return run(cmd, args, { env: this.env(extraEnv), timeoutSeconds: 30 });
  }

  /**
   * Starts munged, slurmctld and slurmd under `dir` and waits for the node to be idle. Throws
   * (after stopping whatever it started) with the failing daemon's log when Slurm cannot start.
   */
  static async start(dir: string): Promise<SlurmCluster> {
    const c = new SlurmCluster(dir);
    process.once('exit', c.onExit);
    try {
      await c.boot();
      return c;
    } catch (e) {
      await c.stop();
      throw e;
    }
  }

  private async boot(): Promise<void> {
    const d = (p: string) => join(this.dir, p);
    mkdirSync(this.dir, { recursive: true });
    chmodSync(this.dir, 0o755);
    for (const [p, mode] of [
      ['munge', 0o700],
      ['run', 0o755],
      ['ctld', 0o700],
      ['spool', 0o755],
    ] as const)
      mkdirSync(d(p), { mode });
    writeFileSync(d('munge/munge.key'), randomBytes(1024), { mode: 0o400 });
    const socket = d('run/munge.sock');
    this.daemon('munged', [
      '-F',
      `--socket=${socket}`,
      `--key-file=${d('munge/munge.key')}`,
      `--log-file=${d('munge/munged.log')}`,
      `--pid-file=${d('run/munged.pid')}`,
      `--seed-file=${d('munge/munged.seed')}`,
    ]);
    await this.until('munged to create its socket', () => Promise.resolve(existsSync(socket)));
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    writeSlurmConf(this.conf, {
      dir: this.dir,
      host: hostname().split('.')[0],
      ctldPort,
      dPort,
      mungeSocket: socket,
      node: NODE_NAME,
      cpus: availableParallelism(),
    });
    this.daemon('slurmctld', ['-D', '-f', this.conf]);
    this.daemon('slurmd', ['-D', '-f', this.conf, '-N', NODE_NAME]);
    await this.until(`node ${NODE_NAME} to be idle`, async () => {
      const r = await this.slurm('sinfo', ['-h', '-n', NODE_NAME, '-o', '%t']);
      return r.code === 0 && r.stdout.trim() === 'idle';
    });
  }

  private daemon(name: string, args: string[]): void {
    const log = join(this.dir, `${name}.out`);
    const fd = openSync(log, 'w');
    const child = spawn(name, args, { env: this.env(), stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const entry = { name, child, log, exited: false };
    child.on('exit', () => (entry.exited = true));
    child.on('error', () => (entry.exited = true));
    this.daemons.push(entry);
  }

  /** Polls `ready` until it holds; throws when a daemon died or START_LIMIT passed. */
  private async until(what: string, ready: () => Promise<boolean>): Promise<void> {
    const end = Date.now() + START_LIMIT * 1000;
    for (;;) {
      const dead = this.daemons.find((x) => x.exited);
      if (dead) throw new Error(`${dead.name} exited while waiting for ${what}:\n${this.logTail(dead.log)}`);
      if (await ready()) return;
      if (Date.now() > end)
        throw new Error(
          `no ${what} after ${START_LIMIT} s:\n${this.daemons.map((x) => `${x.name}: ${this.logTail(x.log)}`).join('\n')}`,
        );
      await sleep(200);
    }
  }

  logTail(file: string, lines = 8): string {
    try {
      return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /**
   * Cancels every job of this cluster, then stops slurmd, slurmctld and munged by PID, each
   * with SIGTERM and, after STOP_LIMIT seconds, SIGKILL. Safe to call more than once.
   */
  async stop(): Promise<void> {
    const ctld = this.daemons.find((x) => x.name === 'slurmctld' && !x.exited);
    if (ctld) {
      await this.slurm('scancel', ['--full', '--user', 'root']);
      const end = Date.now() + STOP_LIMIT * 1000;
      while (Date.now() < end && (await this.slurm('squeue', ['-h'])).stdout.trim() !== '') await sleep(200);
    }
    for (const x of [...this.daemons].reverse()) await this.stopOne(x);
    process.removeListener('exit', this.onExit);
  }

  private async stopOne(x: SlurmCluster['daemons'][number]): Promise<void> {
    for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
      if (x.exited) return;
      x.child.kill(signal);
      const end = Date.now() + STOP_LIMIT * 1000;
      while (!x.exited && Date.now() < end) await sleep(50);
    }
  }

  /** Last resort when the test process exits without stop(): SIGKILL every daemon by PID. */
  private killNow(): void {
    for (const x of this.daemons) if (!x.exited) x.child.kill('SIGKILL');
  }
}
