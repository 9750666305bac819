/**
 * A simulation: one event calendar and one family of named random streams.
 * Model components receive a Simulation and take what they need from it.
 */
import { Calendar } from './calendar.js';
import { compile, type DistSpec, type Sampler } from './distributions.js';
import { Process, type ProcessBody } from './process.js';
import { StreamFactory } from './random.js';

export class Simulation {
  readonly cal = new Calendar();
  readonly streams: StreamFactory;

  constructor(seed: string | number | StreamFactory) {
    this.streams = seed instanceof StreamFactory ? seed : new StreamFactory(seed);
  }

  get now(): number {
    return this.cal.now;
  }

  /** A sampler of `spec` drawing from the stream named `streamName`. */
  sampler(spec: DistSpec, streamName: string): Sampler {
    return compile(spec, this.streams.stream(streamName));
  }

  spawn(body: ProcessBody): Process {
    return new Process(this.cal, body).start();
  }
}
