import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { QueryResultError, perKey, readQuery, toRow, writeQuery } from './query.ts';

describe('typed queries', () => {
  const Row = z.object({ name: z.string(), posts: z.number() });
  const q = readQuery<{ id: string }, typeof Row>('unit-name', 'MATCH (u:Unit {id: $id}) RETURN u.name AS name, u.posts AS posts', Row);

  it('say whether they read or write', () => {
    expect(q.mode).toBe('READ');
    expect(writeQuery('w', 'CREATE (:X)').mode).toBe('WRITE');
  });

  it('turn a record of the promised shape into a plain object', () => {
    expect(toRow(q, { name: '规划科', posts: 4 })).toEqual({ name: '规划科', posts: 4 });
  });

  it('refuse a record of another shape, naming the query and the field', () => {
    expect(() => toRow(q, { name: null, posts: 4 })).toThrow(QueryResultError);
    expect(() => toRow(q, { name: 'x', posts: '4' })).toThrow(/^query unit-name returned an unexpected record: posts: /);
  });

  it('build a family member once per key', () => {
    let built = 0;
    const byLabel = perKey((label: 'Unit' | 'Post') => {
      built++;
      return writeQuery(`delete-${label}`, `MATCH (n:${label}) DELETE n`);
    });
    expect(byLabel('Unit')).toBe(byLabel('Unit'));
    expect(byLabel('Post').cypher).toBe('MATCH (n:Post) DELETE n');
    expect(built).toBe(2);
  });
});
