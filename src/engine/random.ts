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
      s = new AleaStream(name, alea(`${this.masterSeed}\u0000${name}`, { state: true }).state());
      this.streams.set(name, s);
    }
    return s;
  }

  /** A factory for replication `r`: every stream independent of other replications'. */
  replication(r: number): StreamFactory {
    return new StreamFactory(`${this.masterSeed}/rep${r}`);
  }
}

/**
 * One Alea stream: seedrandom seeds it (its Mash of the name), and this steps it. The step is
 * Baagoe's recurrence as seedrandom's alea.js writes it, so a stream gives the same numbers to
 * the last bit; it keeps the state in this object's own number fields, where seedrandom's
 * generator reaches its state through a closure: about 5% of a flagship request's
 * instructions (README, Performance). test/engine/random-dist.test.ts checks it against seedrandom.
 */
class AleaStream implements RandomStream {
  private s0: number;
  private s1: number;
  private s2: number;
  private c: number;

  constructor(
    readonly name: string,
    seeded: { s0: number; s1: number; s2: number; c: number },
  ) {
    this.s0 = seeded.s0;
    this.s1 = seeded.s1;
    this.s2 = seeded.s2;
    this.c = seeded.c;
  }

  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    const c = t | 0;
    this.c = c;
    return (this.s2 = t - c);
  }
}
