/** A shard argument or a set of partial files that does not add up (bad input: exit 2). */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}
