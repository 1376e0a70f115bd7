import { InvalidArgumentError } from 'commander';

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) throw new InvalidArgumentError('expected i/n with 1 <= i <= n, e.g. 2/4');
  return { index, total };
}

/** Round-robin over the selection in catalogue order: the same selection always splits the same way. */
export function shardOf<T>(items: T[], shard: Shard | undefined): T[] {
  if (!shard) return items;
  return items.filter((_, k) => k % shard.total === shard.index - 1);
}
