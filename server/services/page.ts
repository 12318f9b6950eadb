/** One page of a list: `offset` items skipped, at most `limit` given. */
export function page<T>(xs: T[], q: { offset: number; limit: number }): T[] {
  return xs.slice(q.offset, q.offset + q.limit);
}
