/**
 * Collects what a replication reports: every request's latency, outcome and stage times, per
 * network, per client population and overall; client runs; and a thinned trace of latencies
 * for warm-up detection. Memory is bounded: histograms are fixed-size and the trace halves its
 * density whenever it fills.
 *
 * Windows do not censor. A request (or a client run) belongs to the window it STARTS in; when
 * the window closes the clients start no new sessions and the ones in flight drain, so the
 * slowest requests of an overloaded window are counted rather than dropped (recording at
 * completion loses ~22% of a 20 s window at rho 1.25, and with them p90/p99). Whatever is still
 * open at the drain cap is reported as such. The recorder tells the simulation when the last
 * counted request and run have resolved (`onDrained`), so the drain stops there.
 */
import { LatencyHistogram } from '../stats/histogram.js';
import { STAGES, type Outcome, type OutcomeCounts, type PopulationStats } from '../stats/results.js';
import type { Req } from './connection.js';

const TRACE_CAP = 4096;

const zeroOutcomes = (): OutcomeCounts => ({ ok: 0, clientTimeout: 0, connectFailure: 0, http5xx: 0 });

export class NetworkRecord {
  requests = 0;
  outcomes = zeroOutcomes();
  readonly latency = new LatencyHistogram();
}

/** How a client run ended, as far as its metadata goes. */
export type RunOutcome = 'ok' | 'failed' | 'skipped';

/** One client population: its requests and its runs (chef runs, cloud-init boots, sessions). */
export class PopulationRecord {
  requests = 0;
  outcomes = zeroOutcomes();
  /** Every counted request's latency, and successful and failed ones apart. */
  readonly latency = new LatencyHistogram();
  readonly latencyOk = new LatencyHistogram();
  readonly timeToFailure = new LatencyHistogram();
  started = 0;
  ok = 0;
  failed = 0;
  skipped = 0;
  /** Time to metadata of the runs that got it (ohai's crawl; cloud-init: boot to crawl done). */
  readonly timeToMetadata = new LatencyHistogram();
  /** Seconds after the window opened at which each run got its metadata (the boot-storm curve). */
  readonly configuredAt = new LatencyHistogram();
  /** Whole-run duration of the counted runs that ended. */
  readonly duration = new LatencyHistogram();
  constructor(
    readonly client: string,
    readonly kind: PopulationStats['kind'],
  ) {}
}

export class Recorder {
  /** True from the window's opening to its close. */
  counting = false;
  /** False once the window has closed: clients start no new runs or sessions. */
  accepting = true;
  private from = 0;
  started = 0;
  ended = 0;
  inFlight = 0;
  inFlightAtStart = 0;
  /** Counted requests and runs not yet resolved. */
  openRequests = 0;
  openRuns = 0;
  private draining = false;
  /** Called once, synchronously, when the window has closed and nothing counted is open. */
  onDrained: () => void = () => {};
  outcomes = zeroOutcomes();
  readonly latency = new LatencyHistogram();
  readonly latencyOk = new LatencyHistogram();
  readonly timeToFailure = new LatencyHistogram();
  readonly stageSeconds = new Float64Array(STAGES.length);
  readonly networks: NetworkRecord[];
  readonly populations: PopulationRecord[] = [];
  private traceT: number[] = [];
  private traceL: number[] = [];
  private traceStride = 1;
  private traceSkip = 0;

  constructor(networkCount: number) {
    this.networks = Array.from({ length: networkCount }, () => new NetworkRecord());
  }

  /** Registers a client population; its index is the `pop` the clients pass back. */
  population(client: string, kind: PopulationStats['kind']): number {
    this.populations.push(new PopulationRecord(client, kind));
    return this.populations.length - 1;
  }

  /** The window opens (end of warm-up): from now on, what starts is counted. */
  openWindow(now: number): void {
    this.counting = true;
    this.from = now;
    this.inFlightAtStart = this.inFlight;
  }

  /** The window closes: nothing new is counted or started; what is open drains. */
  closeWindow(): void {
    this.counting = false;
    this.accepting = false;
    this.draining = true;
    this.checkDrained();
  }

  /** A request starts; returns whether it is counted (it started inside the window). */
  requestStarted(): boolean {
    this.inFlight++;
    if (!this.counting) return false;
    this.started++;
    this.openRequests++;
    return true;
  }

  requestEnded(req: Req, outcome: Outcome, now: number, counted: boolean, pop: number): void {
    this.inFlight--;
    if (!counted) return;
    this.openRequests--;
    this.ended++;
    const latency = now - req.startedAt;
    // One logarithm for the five histograms this request goes into.
    const b = LatencyHistogram.bucketOf(latency);
    const ok = outcome === 'ok';
    this.outcomes[outcome]++;
    this.latency.recordAt(latency, b);
    (ok ? this.latencyOk : this.timeToFailure).recordAt(latency, b);
    for (let i = 0; i < this.stageSeconds.length; i++) this.stageSeconds[i] += req.stages[i];
    const n = this.networks[req.caller.network];
    n.requests++;
    n.outcomes[outcome]++;
    n.latency.recordAt(latency, b);
    const p = this.populations[pop];
    p.requests++;
    p.outcomes[outcome]++;
    p.latency.recordAt(latency, b);
    (ok ? p.latencyOk : p.timeToFailure).recordAt(latency, b);
    this.traceRequest(req.startedAt, latency);
    this.checkDrained();
  }

  /** A run starts; returns whether it is counted. */
  runStarted(pop: number): boolean {
    if (!this.counting) return false;
    this.populations[pop].started++;
    this.openRuns++;
    return true;
  }

  /**
   * A counted run knows its outcome (chef: when the crawl ends, not when the run's process
   * exits). `metadataTime` is its time to metadata, used when it is 'ok'.
   */
  runResolved(pop: number, outcome: RunOutcome, metadataTime: number, now: number): void {
    const p = this.populations[pop];
    p[outcome]++;
    if (outcome === 'ok') {
      p.timeToMetadata.record(metadataTime);
      p.configuredAt.record(now - this.from);
    }
    this.openRuns--;
    this.checkDrained();
  }

  /** A counted run's process ended (its whole duration, for chef including the tail). */
  runEnded(pop: number, duration: number): void {
    this.populations[pop].duration.record(duration);
  }

  private checkDrained(): void {
    if (this.draining && this.openRequests === 0 && this.openRuns === 0) {
      this.draining = false;
      this.onDrained();
    }
  }

  /** Latencies by start time, thinned: the series MSER-5 and the charts read. */
  private traceRequest(t: number, latency: number): void {
    if (++this.traceSkip < this.traceStride) return;
    this.traceSkip = 0;
    this.traceT.push(t);
    this.traceL.push(latency);
    if (this.traceT.length >= TRACE_CAP) {
      this.traceT = this.traceT.filter((_, i) => i % 2 === 0);
      this.traceL = this.traceL.filter((_, i) => i % 2 === 0);
      this.traceStride *= 2;
    }
  }

  trace(): { t: number[]; latency: number[] } {
    // Requests end out of start order; the series is by start time.
    const idx = this.traceT.map((_, i) => i).sort((a, b) => this.traceT[a] - this.traceT[b] || a - b);
    return { t: idx.map((i) => this.traceT[i]), latency: idx.map((i) => this.traceL[i]) };
  }
}
