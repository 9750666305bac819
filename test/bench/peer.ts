/**
 * The benchmarks' peer: a minimal M/M/c on a bare binary heap of (time, seq) pairs in plain
 * arrays with an inline xorshift generator, the fastest simple event loop Node runs. Figures
 * are reported as ratios to it so they mean the same on a fast or a busy machine. The default
 * is M/M/1 at rho 0.91; `servers` gives the like-for-like peer of an M/M/c case (its heap holds
 * about c pending departures, so it costs more per event than M/M/1).
 */
export function peerEventsPerSecond(customers = 1_000_000, servers = 1, rho = 0.91): number {
  let x = 88172645463325252n & 0xffffffffn;
  let s = Number(x) | 1;
  const rnd = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  x = 0n;
  const times: number[] = [];
  const kinds: number[] = [];
  const seqs: number[] = [];
  let seq = 0;
  const push = (t: number, k: number): void => {
    let i = times.length;
    times.push(t);
    kinds.push(k);
    seqs.push(seq++);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (times[p] < t || (times[p] === t && seqs[p] < seqs[i])) break;
      [times[i], times[p]] = [times[p], times[i]];
      [kinds[i], kinds[p]] = [kinds[p], kinds[i]];
      [seqs[i], seqs[p]] = [seqs[p], seqs[i]];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const t = times[0];
    const k = kinds[0];
    const lt = times.pop()!;
    const lk = kinds.pop()!;
    const ls = seqs.pop()!;
    if (times.length > 0) {
      times[0] = lt;
      kinds[0] = lk;
      seqs[0] = ls;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= times.length) break;
        if (c + 1 < times.length && (times[c + 1] < times[c] || (times[c + 1] === times[c] && seqs[c + 1] < seqs[c])))
          c++;
        if (times[i] < times[c] || (times[i] === times[c] && seqs[i] < seqs[c])) break;
        [times[i], times[c]] = [times[c], times[i]];
        [kinds[i], kinds[c]] = [kinds[c], kinds[i]];
        [seqs[i], seqs[c]] = [seqs[c], seqs[i]];
        i = c;
      }
    }
    return [t, k];
  };
  const lambda = rho * servers;
  let queue = 0;
  let busy = 0;
  let arrived = 0;
  let events = 0;
  const t0 = process.hrtime.bigint();
  push(-Math.log(1 - rnd()) / lambda, 0);
  while (times.length > 0) {
    const [t, k] = pop();
    events++;
    if (k === 0) {
      if (++arrived < customers) push(t - Math.log(1 - rnd()) / lambda, 0);
      if (busy === servers) queue++;
      else {
        busy++;
        push(t - Math.log(1 - rnd()), 1);
      }
    } else if (queue > 0) {
      queue--;
      push(t - Math.log(1 - rnd()), 1);
    } else busy--;
  }
  return events / (Number(process.hrtime.bigint() - t0) / 1e9);
}
