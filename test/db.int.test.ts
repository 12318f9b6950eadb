import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../server/db/driver.ts';
import { serverInfo } from '../server/db/queries/meta.ts';
import { schemaStatements } from '../server/db/schema.ts';
import { clearGraph, openTestDb } from './helpers/db.ts';

describe('the database is a real Neo4j 5.26', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await clearGraph(db);
  });
  afterAll(async () => db?.close());

  it('reports version 5.26', async () => {
    const [info] = await db.query(serverInfo, {});
    expect(info!.version).toMatch(/^5\.26\./);
  });

  it('has every constraint and the cjk full-text index of cypher/schema', async () => {
    const constraints = (await db.run('SHOW CONSTRAINTS YIELD name')).records.map((r) => r.get('name') as string);
    const wanted = schemaStatements()
      .map((s) => /CREATE CONSTRAINT (\w+)/.exec(s.statement)?.[1])
      .filter((n): n is string => Boolean(n));
    expect(wanted.length).toBeGreaterThanOrEqual(8);
    expect(constraints).toEqual(expect.arrayContaining(wanted));
    const ft = await db.run("SHOW FULLTEXT INDEXES YIELD name, options WHERE name = 'search' RETURN options.indexConfig['fulltext.analyzer'] AS analyzer");
    expect(ft.records[0]?.get('analyzer')).toBe('cjk');
  });

  it('writes a node and reads it back, and the constraint refuses a duplicate id', async () => {
    await db.run('CREATE (:Person {id: $id, name: $name})', { id: 'p-test-1', name: '张亚' });
    const names = (await db.run('MATCH (p:Person {id: $id}) RETURN p.name AS name', { id: 'p-test-1' })).records.map((r) => r.get('name'));
    expect(names).toEqual(['张亚']);
    await expect(db.run('CREATE (:Person {id: $id})', { id: 'p-test-1' })).rejects.toMatchObject({
      code: 'Neo.ClientError.Schema.ConstraintValidationFailed',
    });
  });

  it('finds Chinese text through the cjk index', async () => {
    await db.run('CREATE (:WorkItem {id: $id, title: $t})', { id: 'w-test-1', t: '国土空间规划的编制和衔接工作' });
    const r = await db.run("CALL db.index.fulltext.queryNodes('search', $q) YIELD node RETURN node.id AS id", { q: '规划' });
    expect(r.records.map((x) => x.get('id'))).toContain('w-test-1');
  });
});
