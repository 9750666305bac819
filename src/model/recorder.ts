/**
 * Collects what a replication reports: every request's latency, outcome and stage times,
 * per network and overall; client runs; and a thinned trace of latencies for warm-up
 * detection. Memory is bounded: histograms are fixed-size and the trace halves its density
 * whenever it fills.
 */
import { LatencyHistogram } from '../stats/histogram.js';
import { STAGES, type Outcome, type OutcomeCounts, type RunStats } from '../stats/results.js';
import type { Req } from './connection.js';

const TRACE_CAP = 4096;

const zeroOutcomes = (): OutcomeCounts => ({ ok: 0, clientTimeout: 0, connectFailure: 0, http5xx: 0 });

export class NetworkRecord {
  requests = 0;
  outcomes = zeroOutcomes();
  readonly latency = new LatencyHistogram();
}

export class RunRecord {
  started = 0;
  ok = 0;
  failed = 0;
  skipped = 0;
  readonly duration = new LatencyHistogram();
  constructor(
    readonly client: string,
    readonly kind: RunStats['kind'],
  ) {}
}

export class Recorder {
  measuring = false;
  started = 0;
  ended = 0;
  inFlight = 0;
  inFlightAtStart = 0;
  outcomes = zeroOutcomes();
  readonly latency = new LatencyHistogram();
  readonly latencyOk = new LatencyHistogram();
  readonly stageSeconds = new Float64Array(STAGES.length);
  readonly networks: NetworkRecord[];
  readonly runs = new Map<string, RunRecord>();
  private traceT: number[] = [];
  private traceL: number[] = [];
  private traceStride = 1;
  private traceSkip = 0;

  constructor(networkCount: number) {
    this.networks = Array.from({ length: networkCount }, () => new NetworkRecord());
  }

  startMeasuring(): void {
    this.measuring = true;
    this.inFlightAtStart = this.inFlight;
    for (const r of this.runs.values()) {
      r.started = r.ok = r.failed = r.skipped = 0;
      r.duration.reset();
    }
  }

  requestStarted(): void {
    this.inFlight++;
    if (this.measuring) this.started++;
  }

  requestEnded(req: Req, outcome: Outcome, now: number): void {
    this.inFlight--;
    if (!this.measuring) return;
    this.ended++;
    const latency = now - req.startedAt;
    this.outcomes[outcome]++;
    const bucket = LatencyHistogram.bucketOf(latency);
    this.latency.recordAt(latency, bucket);
    if (outcome === 'ok') this.latencyOk.recordAt(latency, bucket);
    for (let i = 0; i < this.stageSeconds.length; i++) this.stageSeconds[i] += req.stages[i];
    const n = this.networks[req.caller.network];
    n.requests++;
    n.outcomes[outcome]++;
    n.latency.recordAt(latency, bucket);
    if (++this.traceSkip >= this.traceStride) {
      this.traceSkip = 0;
      this.traceT.push(now);
      this.traceL.push(latency);
      if (this.traceT.length >= TRACE_CAP) {
        this.traceT = this.traceT.filter((_, i) => i % 2 === 0);
        this.traceL = this.traceL.filter((_, i) => i % 2 === 0);
        this.traceStride *= 2;
      }
    }
  }

  run(client: string, kind: RunStats['kind']): RunRecord {
    let r = this.runs.get(client);
    if (r === undefined) {
      r = new RunRecord(client, kind);
      this.runs.set(client, r);
    }
    return r;
  }

  trace(): { t: number[]; latency: number[] } {
    return { t: this.traceT.slice(), latency: this.traceL.slice() };
  }
}
