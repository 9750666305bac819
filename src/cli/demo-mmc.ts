/**
 * A small M/M/c demonstration of the engine (the `npm run demo` target): simulates an M/M/c
 * queue and prints the simulated mean wait next to the Erlang C value.
 */
import { Calendar } from '../engine/calendar.js';
import { compile } from '../engine/distributions.js';
import { Grant, Resource } from '../engine/resource.js';
import { StreamFactory } from '../engine/random.js';
import { erlangC } from '../stats/queueing-theory.js';

const c = 10;
const lambda = 9;
const mu = 1;
const customers = 200_000;

const cal = new Calendar();
const streams = new StreamFactory(42);
const arrivals = compile({ kind: 'exponential', mean: 1 / lambda }, streams.stream('arrivals'));
const service = compile({ kind: 'exponential', mean: 1 / mu }, streams.stream('service'));
const servers = new Resource(cal, c, { name: 'servers', recordWaits: true });

let generated = 0;
const done = (): void => servers.release();
const onGrant = (g: Grant): void => {
  if (g === Grant.Granted) cal.schedule(service.sample(), done);
};
const arrive = (): void => {
  servers.request(onGrant);
  if (++generated < customers) cal.schedule(arrivals.sample(), arrive);
};
cal.schedule(arrivals.sample(), arrive);
cal.run();

const theory = erlangC(c, lambda / mu);
const meanWaitTheory = theory / (c * mu - lambda);
console.log(`M/M/${c}, lambda=${lambda}, mu=${mu}, ${customers} customers`);
console.log(`P(wait)    simulated ${servers.waits.fractionAbove(1e-9).toFixed(4)}, Erlang C ${theory.toFixed(4)}`);
console.log(`mean wait  simulated ${servers.waits.mean.toFixed(4)} s, theory ${meanWaitTheory.toFixed(4)} s`);
console.log(
  `utilisation simulated ${(servers.busy.mean(cal.now) / c).toFixed(4)}, theory ${(lambda / mu / c).toFixed(4)}`,
);
