/**
 * An eventlet WSGI server, the shape shared by the ns-metadata-proxy, the metadata agent and
 * the Nova metadata API: one listening socket shared by `workers` processes, each a single OS
 * thread (one CPU, FIFO between green threads, no preemption) with a GreenPool of `poolSize`.
 *
 * Each worker's accept loop is `accept(); pool.spawn(handler)`, and spawn blocks while the pool
 * is full: so a worker holds at most one accepted connection beyond its pool and then stops
 * accepting; further connections wait in the kernel accept queue. When several workers are
 * blocked in accept(), the connection goes to one of them at random (epoll wakes them all; the
 * first to run wins).
 */
import { Cpu } from '../engine/cpu.js';
import type { RandomStream } from '../engine/random.js';
import type { Simulation } from '../engine/simulation.js';
import type { ComponentStats } from '../stats/results.js';
import { TimeWeighted } from '../stats/time-weighted.js';
import { StageId, type Conn } from './connection.js';
import type { Listener } from './kernel.js';
import type { ComponentProbe } from './probes.js';

export class EventletWorker {
  inUse = 0;
  pending: Conn | null = null;
  readonly cpu: Cpu;

  constructor(
    sim: Simulation,
    readonly index: number,
    name: string,
  ) {
    this.cpu = new Cpu(sim.cal, `${name}/cpu${index}`);
  }
}

/**
 * Serves one accepted connection on a green thread of worker `w`, and calls the server's
 * {@link EventletServer.threadEnded} exactly once when the green thread ends. Handlers are
 * callback chains rather than processes: they run for every request on the hot path, and a
 * generator per connection costs more to allocate.
 */
export type ConnectionHandler = (w: EventletWorker, conn: Conn) => void;

export class EventletServer {
  readonly workers: EventletWorker[];
  /** Green threads in use across workers (time-weighted). */
  readonly poolBusy: TimeWeighted;
  private handler: ConnectionHandler | null = null;
  /** Workers holding an accepted connection their full pool cannot spawn yet (not in accept()). */
  private withPending = 0;

  constructor(
    private readonly sim: Simulation,
    readonly name: string,
    readonly listener: Listener,
    workers: number,
    readonly poolSize: number,
    private readonly pick: RandomStream,
  ) {
    this.workers = Array.from({ length: workers }, (_, i) => new EventletWorker(sim, i, name));
    this.poolBusy = new TimeWeighted(sim.now);
    listener.onArrival = () => this.pump();
  }

  get capacity(): number {
    return this.workers.length * this.poolSize;
  }

  /** The handler must end each green thread with {@link threadEnded}, exactly once. */
  setHandler(h: ConnectionHandler): void {
    this.handler = h;
  }

  /** CPU utilisation averaged over workers, since the last reset. */
  cpuUtilisation(now: number): number {
    let s = 0;
    for (const w of this.workers) s += w.cpu.utilisation(now);
    return s / this.workers.length;
  }

  resetStats(): void {
    this.poolBusy.resetAt(this.sim.now);
    this.listener.resetStats();
    for (const w of this.workers) w.cpu.resetStats();
  }

  /**
   * The probe of the component this server is (proxy, agent or Nova): green threads in use,
   * the accept queue, CPU averaged over workers. `reset` is the component's own reset.
   */
  probe(id: string, kind: ComponentStats['kind'], host: string, reset: () => void): ComponentProbe {
    return {
      pool: () => this.poolBusy.current,
      queue: () => this.listener.queued,
      reset,
      stats: (now, series) => ({
        id,
        kind,
        host,
        capacity: this.capacity,
        acceptQueueCapacity: this.listener.capacity,
        poolMean: this.poolBusy.mean(now),
        poolMax: this.poolBusy.max,
        queueMean: this.listener.length.mean(now),
        queueMax: this.listener.length.max,
        cpuUtilisation: this.cpuUtilisation(now),
        connectionsAccepted: this.listener.accepted,
        synDrops: this.listener.synDrops,
        series,
      }),
    };
  }

  /** Runs the accept loops as far as they can go now. */
  pump(): void {
    const ws = this.workers;
    if (this.withPending > 0) {
      for (let i = 0; i < ws.length; i++) {
        const w = ws[i];
        if (w.pending !== null && w.inUse < this.poolSize) {
          const c = w.pending;
          w.pending = null;
          this.withPending--;
          this.spawn(w, c);
        }
      }
    }
    while (this.listener.queued > 0) {
      const w = this.idleAcceptor();
      if (w === null) return;
      const conn = this.listener.take()!;
      conn.peek()?.enter(StageId.poolWait);
      if (w.inUse < this.poolSize) this.spawn(w, conn);
      else {
        w.pending = conn;
        this.withPending++;
      }
    }
  }

  /** A worker waiting in accept(), drawn uniformly among them (no draw when there is one worker). */
  private idleAcceptor(): EventletWorker | null {
    const ws = this.workers;
    const n = ws.length - this.withPending;
    if (n === 0) return null;
    if (ws.length === 1) return ws[0];
    let k = Math.floor(this.pick.next() * n);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      if (w.pending === null && k-- === 0) return w;
    }
    return null;
  }

  /** The green thread on `w` closes its connection and ends (see {@link threadEnded}). */
  closeAndEnd(w: EventletWorker, conn: Conn): void {
    conn.closeByServer();
    this.threadEnded(w);
  }

  /** A handler's green thread on `w` has ended: its pool slot frees and accepting resumes. */
  threadEnded(w: EventletWorker): void {
    w.inUse--;
    this.poolBusy.add(this.sim.now, -1);
    this.pump();
  }

  private spawn(w: EventletWorker, conn: Conn): void {
    w.inUse++;
    this.poolBusy.add(this.sim.now, 1);
    this.handler!(w, conn);
  }
}
