/**
 * Closed-form results of classical queueing theory, used to check the engine and as quick
 * analytic estimates in reports. Rates are per second; `a` is the offered load lambda/mu.
 */

/** Erlang B blocking probability for c servers and offered load a (stable recursion). */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: probability that an arrival waits in M/M/c (requires a < c). */
export function erlangC(c: number, a: number): number {
  if (a >= c) return 1;
  const b = erlangB(c, a);
  return (c * b) / (c - a * (1 - b));
}

/** M/M/c mean wait in queue. */
export function mmcMeanWait(c: number, lambda: number, mu: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c: P(W > t) = C(c,a) * exp(-(c mu - lambda) t). */
export function mmcWaitTail(c: number, lambda: number, mu: number, t: number): number {
  return erlangC(c, lambda / mu) * Math.exp(-(c * mu - lambda) * t);
}

/** M/M/c/K: stationary probabilities p_0..p_K (K = servers + waiting room). */
export function mmckDistribution(c: number, K: number, lambda: number, mu: number): number[] {
  const a = lambda / mu;
  // Work in logs to stay finite for large c.
  const logp: number[] = [];
  let acc = 0;
  for (let n = 0; n <= K; n++) {
    if (n > 0) acc += Math.log(a) - Math.log(Math.min(n, c));
    logp.push(acc);
  }
  const m = Math.max(...logp);
  const w = logp.map((l) => Math.exp(l - m));
  const z = w.reduce((x, y) => x + y, 0);
  return w.map((x) => x / z);
}

/** M/M/c/K blocking probability (PASTA: an arrival sees the system full). */
export function mmckBlocking(c: number, K: number, lambda: number, mu: number): number {
  const p = mmckDistribution(c, K, lambda, mu);
  return p[K];
}

/** M/D/1 mean wait by Pollaczek-Khinchine: rho D / (2 (1 - rho)). */
export function md1MeanWait(lambda: number, d: number): number {
  const rho = lambda * d;
  return (rho * d) / (2 * (1 - rho));
}

/** M/M/1 sojourn time is exponential with rate mu - lambda: its q-quantile. */
export function mm1SojournQuantile(lambda: number, mu: number, q: number): number {
  return -Math.log(1 - q) / (mu - lambda);
}
