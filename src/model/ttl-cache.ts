/**
 * A per-worker cache whose entries expire `ttl` seconds after they are stored: the metadata
 * agent's port lookups (`cache_url memory://?default_ttl`, up to Pike) and Nova's instance
 * metadata (`metadata_cache_expiration`). A ttl of 0 means no cache: nothing is stored and
 * nothing is ever fresh. Only expiry times are kept: the model needs whether an answer is
 * cached, not the answer.
 */
import type { Calendar } from '../engine/calendar.js';

export class TtlCache<K extends string | number> {
  private readonly expiry = new Map<K, number>();
  /** Number keys (instance indices, dense from 0) in an array: a Map lookup cost ~4% of a run. */
  private readonly byIndex: number[] = [];

  constructor(
    private readonly cal: Calendar,
    readonly ttl: number,
  ) {}

  /** Whether `key` was stored less than `ttl` seconds ago (an entry expires at its deadline). */
  fresh(key: K): boolean {
    if (this.ttl <= 0) return false;
    const e = typeof key === 'number' ? this.byIndex[key] : this.expiry.get(key);
    return e !== undefined && e > this.cal.now;
  }

  /** Stores `key` now, fresh for `ttl` seconds (does nothing without a cache). */
  store(key: K): void {
    if (this.ttl <= 0) return;
    if (typeof key === 'number') {
      // Fill any gap with "never stored" so the array stays packed (holes slow every access).
      for (let i = this.byIndex.length; i < key; i++) this.byIndex.push(-Infinity);
      this.byIndex[key] = this.cal.now + this.ttl;
    } else this.expiry.set(key, this.cal.now + this.ttl);
  }
}
