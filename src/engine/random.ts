/**
 * Named random streams derived from one master seed.
 *
 * Each source of randomness (a client population, a server's service times...) asks for its
 * own stream by name. A stream's sequence depends only on (master seed, name), so adding a
 * new source never shifts the draws of an existing one: that is what makes common random
 * numbers across compared designs meaningful.
 */
import alea from 'seedrandom/lib/alea.js';

export interface RandomStream {
  /** Uniform on [0, 1). */
  next(): number;
  readonly name: string;
}

export class StreamFactory {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly masterSeed: string | number) {}

  /** The stream for `name`; the same object on every call with that name. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      // Alea: passes BigCrush, period ~2^116, three numbers of state, so a model can afford a
      // stream per instance (10k instances cost kilobytes, not megabytes).
      // seedrandom's prng ignores `this`, so it is the stream's next() itself (no wrapper call).
      s = { name, next: alea(`${this.masterSeed}\u0000${name}`) };
      this.streams.set(name, s);
    }
    return s;
  }

  /** A factory for replication `r`: every stream independent of other replications'. */
  replication(r: number): StreamFactory {
    return new StreamFactory(`${this.masterSeed}/rep${r}`);
  }
}
