/**
 * Engine benchmark (npm run bench): M/M/1 at rho 0.91 and M/M/1000 at rho 0.9, one million
 * customers each, on Calendar + Resource + samplers (callbacks) and on generator processes.
 * Prints customers/s, events/s, peak RSS and the ratio to a bare array-heap peer of the same
 * queue (M/M/1 or M/M/1000) run in this process. Target: >= 2M customers/s.
 */
import { Calendar } from '../../src/engine/calendar.js';
import { compile } from '../../src/engine/distributions.js';
import { Process } from '../../src/engine/process.js';
import { Grant, Resource } from '../../src/engine/resource.js';
import { StreamFactory } from '../../src/engine/random.js';
import { peerEventsPerSecond } from './peer.js';

const N = 1_000_000;

function callbacks(c: number, rho: number): { seconds: number; events: number } {
  const cal = new Calendar();
  const f = new StreamFactory(1);
  const arr = compile({ kind: 'exponential', mean: 1 / (rho * c) }, f.stream('a'));
  const svc = compile({ kind: 'exponential', mean: 1 }, f.stream('s'));
  const res = new Resource(cal, c);
  let n = 0;
  const done = (): void => res.release();
  const onGrant = (g: Grant): void => {
    if (g === Grant.Granted) cal.schedule(svc.sample(), done);
  };
  const arrive = (): void => {
    res.request(onGrant);
    if (++n < N) cal.schedule(arr.sample(), arrive);
  };
  const t0 = process.hrtime.bigint();
  cal.schedule(arr.sample(), arrive);
  cal.run();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, events: cal.executed };
}

function processes(c: number, rho: number): { seconds: number; events: number } {
  const cal = new Calendar();
  const f = new StreamFactory(1);
  const arr = compile({ kind: 'exponential', mean: 1 / (rho * c) }, f.stream('a'));
  const svc = compile({ kind: 'exponential', mean: 1 }, f.stream('s'));
  const res = new Resource(cal, c);
  // Process bodies are defined once and instantiated per customer (a generator function
  // created anew inside the loop costs several times more).
  const customer = function* (q: Process) {
    yield q.use(res, svc.sample());
  };
  const t0 = process.hrtime.bigint();
  new Process(cal, function* (p) {
    for (let i = 0; i < N; i++) {
      yield p.sleep(arr.sample());
      new Process(cal, customer).start();
    }
  }).start();
  cal.run();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, events: cal.executed };
}

// A customer is two events (arrival, departure) in every case.
const peers = new Map<number, number>();
for (const [c, rho] of [
  [1, 0.91],
  [1000, 0.9],
] as const) {
  const eps = peerEventsPerSecond(N, c, rho);
  peers.set(c, eps / 2);
  console.log(
    `peer: bare array-heap M/M/${c} rho ${rho}: ${(eps / 2e6).toFixed(2)} M customers/s (${(eps / 1e6).toFixed(2)} M events/s)`,
  );
}
console.log('');
console.log('case                                   M customers/s   M events/s   vs peer   RSS MB');
for (const [name, fn, c, rho] of [
  ['M/M/1 rho 0.91, callbacks', callbacks, 1, 0.91],
  ['M/M/1000 rho 0.9, callbacks', callbacks, 1000, 0.9],
  ['M/M/1 rho 0.91, processes', processes, 1, 0.91],
  ['M/M/1000 rho 0.9, processes', processes, 1000, 0.9],
] as const) {
  const r = fn(c, rho);
  const cps = N / r.seconds;
  console.log(
    `${name.padEnd(38)} ${(cps / 1e6).toFixed(2).padStart(14)} ${(r.events / r.seconds / 1e6).toFixed(2).padStart(12)} ${(cps / peers.get(c)!).toFixed(2).padStart(9)} ${(process.resourceUsage().maxRSS / 1024).toFixed(0).padStart(8)}`,
  );
}
console.log('\ntarget: >= 2 M customers/s (published JS/R/Python engines: 0.05-0.22 M)');
