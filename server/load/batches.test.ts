import { describe, expect, it } from 'vitest';
import { batches } from './import.ts';

describe('batches of documents per transaction', () => {
  it('groups consecutive documents up to the limit, in order, and puts a larger one alone', () => {
    const sizes = [4, 3, 5, 12, 1, 1];
    expect(batches(sizes, (x) => x, 10)).toEqual([[4, 3], [5], [12], [1, 1]]);
  });

  it('gives one batch per document when the limit is smaller than any document', () => {
    expect(batches(['a', 'b', 'c'], () => 5, 1)).toEqual([['a'], ['b'], ['c']]);
  });
});
