/**
 * Upgrades: a graph written by the previous release (test/fixtures/previous-release/graph.json, recorded at 261955b,
 * which kept no schema version) is loaded into an empty database without any schema, and this release's start
 * brings it up to date without losing anything; a graph a later release wrote is refused and left as it is.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Db } from '../server/db/driver.ts';
import { labelsParam } from '../server/db/queries/fragments.ts';
import { allNodes } from '../server/db/queries/graph.ts';
import { fullText, luceneText } from '../server/db/queries/search.ts';
import { unitRows } from '../server/db/queries/units.ts';
import { personLoads } from '../server/db/queries/workload.ts';
import { MigrationError, SchemaTooNewError, applySchema, migrations, schemaStatements, type SchemaUpgrade } from '../server/db/schema.ts';
import { graphSnapshot, type GraphSnapshot } from './fixtures/previous-release/snapshot.ts';
import { clearGraph } from './helpers/db.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Fixture extends GraphSnapshot {
  release: string;
  answers: {
    personLoads: { id: string; posts: string[]; units: string[] }[];
    units: unknown[];
    search: { q: string; hits: { id: string }[] };
  };
}
const fixture = JSON.parse(readFileSync(path.join(here, 'fixtures/previous-release/graph.json'), 'utf8')) as Fixture;

const files = migrations().map((m) => m.file);
const highest = migrations().at(-1)!.version;

/** Drops every constraint and index but the token look-ups every database has, so no schema of any release is left. */
async function dropSchema(db: Db): Promise<void> {
  // names come from the server itself, quoted as identifiers
  for (const r of (await db.run('SHOW CONSTRAINTS YIELD name')).records) await db.run(`DROP CONSTRAINT \`${r.get('name') as string}\``);
  for (const r of (await db.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP'")).records) await db.run(`DROP INDEX \`${r.get('name') as string}\``);
}

/** Writes the fixture's nodes and relationships in one transaction; a node's number is its place in the listing. */
async function loadGraph(db: Db, g: GraphSnapshot): Promise<void> {
  const nodes = Object.entries(g.nodes).flatMap(([key, list]) => list.map((props) => ({ labels: key.split(':'), props })));
  const rels = Object.entries(g.relationships).flatMap(([type, list]) => list.map(([from, to, props]) => ({ type, from, to, props })));
  await db.run(
    `UNWIND $nodes AS x CREATE (n:$(x.labels)) SET n = x.props
     WITH collect(n) AS ns
     UNWIND $rels AS x
     WITH ns[x.from] AS a, ns[x.to] AS b, x
     CREATE (a)-[r:$(x.type)]->(b) SET r = x.props`,
    { nodes, rels },
  );
}

const countsOf = (g: GraphSnapshot) => ({
  labels: Object.fromEntries(Object.entries(g.nodes).map(([k, list]) => [k, list.length])),
  types: Object.fromEntries(Object.entries(g.relationships).map(([k, list]) => [k, list.length])),
});

/** Nodes by label and relationships by type, as the database counts them. */
async function census(db: Db): Promise<{ labels: Record<string, number>; types: Record<string, number> }> {
  const rows = async (cypher: string) => Object.fromEntries((await db.run(cypher)).records.map((r) => [r.get('k') as string, r.get('n') as number]));
  return {
    labels: await rows('MATCH (n) UNWIND labels(n) AS k RETURN k, count(*) AS n'),
    types: await rows('MATCH ()-[r]->() RETURN type(r) AS k, count(*) AS n'),
  };
}

const versionNode = async (db: Db) =>
  (await db.run('MATCH (v:SchemaVersion) RETURN v.id AS id, v.version AS version, v.files AS files, toString(v.appliedAt) AS appliedAt')).records.map((r) =>
    r.toObject(),
  );
const constraintNames = async (db: Db) => (await db.run('SHOW CONSTRAINTS YIELD name RETURN name ORDER BY name')).records.map((r) => r.get('name') as string);
const indexes = async (db: Db) =>
  (await db.run('SHOW INDEXES YIELD name, type, labelsOrTypes, properties RETURN name, type, labelsOrTypes, properties ORDER BY name')).records.map((r) =>
    r.toObject(),
  );
/** Workload rows in id order, with the lists the query leaves unordered (post and unit ids) sorted. */
const loadsInOrder = (rows: { id: string; posts: string[]; units: string[] }[]) =>
  rows.map((r) => ({ ...r, posts: [...r.posts].sort(), units: [...r.units].sort() })).sort((a, b) => a.id.localeCompare(b.id));

describe('a graph written by the previous release', () => {
  let db: Db;
  let upgrade: SchemaUpgrade;
  let seconds: number;
  const later = mkdtempSync(path.join(tmpdir(), 'bureau-graph-schema-'));

  beforeAll(async () => {
    db = new Db(inject('neo4j'));
    await clearGraph(db);
    await dropSchema(db);
    await loadGraph(db, fixture);
    expect(await constraintNames(db)).toEqual([]);
    expect(await versionNode(db)).toEqual([]);
    const t0 = performance.now();
    upgrade = await applySchema(db);
    seconds = (performance.now() - t0) / 1000;
    console.info(`[migrations] ${fixture.release}'s graph upgraded from schema ${upgrade.from} to ${upgrade.to} in ${seconds.toFixed(2)} s`);
  });

  afterAll(async () => {
    rmSync(later, { recursive: true, force: true });
    if (!db) return;
    // leave the database as every other test file expects it: empty, with this release's schema
    await clearGraph(db);
    await dropSchema(db);
    await applySchema(db);
    await db.close();
  });

  it('is taken as schema 0 and brought to the highest file, every file applied in order', async () => {
    expect(upgrade).toEqual({ from: 0, to: highest, applied: files });
    expect(highest).toBeGreaterThanOrEqual(4);
    const [v] = await versionNode(db);
    expect(v).toMatchObject({ id: 'schema', version: highest, files });
    expect(Date.now() - Date.parse(v!.appliedAt as string)).toBeLessThan(10 * 60_000);
  });

  it('keeps every node and relationship, with its labels and properties', async () => {
    const expected = countsOf(fixture);
    expect(await census(db)).toEqual({ labels: { ...expected.labels, SchemaVersion: 1 }, types: expected.types });
    expect(expected.labels).toMatchObject({ Person: 25, Post: 23, WorkItem: 43, Step: 56 });
    expect(await graphSnapshot(db)).toEqual({ nodes: fixture.nodes, relationships: fixture.relationships });
  });

  it('answers as the previous release did: who leads most, what each unit holds, what a search finds', async () => {
    const loads = await db.query(personLoads, {});
    expect(loadsInOrder(loads)).toEqual(loadsInOrder(fixture.answers.personLoads));
    const most = [...loads].sort((a, b) => b.leadItems - a.leadItems).slice(0, 3);
    expect(most.map((p) => [p.name, p.leadItems])).toEqual([
      ['刘志珠', 12],
      ['王辉', 11],
      ['潘伟', 10],
    ]);
    expect(await db.query(unitRows, {})).toEqual(fixture.answers.units);
    // the full-text index was dropped with the rest of the schema: 003 built it again over the nodes already there
    const hits = await db.query(fullText, { q: luceneText(fixture.answers.search.q), limit: 100, ...labelsParam });
    expect(hits.map((h) => h.id).sort()).toEqual(fixture.answers.search.hits.map((h) => h.id).sort());
    expect(hits.length).toBeGreaterThan(0);
  });

  it('keeps the version out of what the product reads: the export lists the graph, not the bookkeeping', async () => {
    const exported = await db.query(allNodes, { ...labelsParam, limit: 100_000 });
    expect(exported.length).toBe(Object.values(fixture.nodes).flat().length - fixture.nodes.Meta!.length);
  });

  it("has every file's constraints and indexes, this release's Import ones among them", async () => {
    const wanted = schemaStatements().flatMap((s) => /^CREATE (?:FULLTEXT )?(?:CONSTRAINT|INDEX) (\w+)/.exec(s.statement)?.[1] ?? []);
    const present = [...(await constraintNames(db)), ...(await indexes(db)).map((i) => i.name as string)];
    expect(present).toEqual(expect.arrayContaining(wanted));
    expect(await constraintNames(db)).toEqual(expect.arrayContaining(['import_id', 'schema_version_id']));
    expect((await indexes(db)).find((i) => i.name === 'import_at')).toEqual({
      name: 'import_at',
      type: 'RANGE',
      labelsOrTypes: ['Import'],
      properties: ['at'],
    });
    const write = "CREATE (:Import {id: 'import-test-1', at: datetime(), by: 'test', action: 'import'})";
    await db.run(write);
    await expect(db.run(write)).rejects.toMatchObject({ code: 'Neo.ClientError.Schema.ConstraintValidationFailed' });
    await db.run("MATCH (i:Import {id: 'import-test-1'}) DELETE i");
  });

  it('applies nothing when started again', async () => {
    const before = await versionNode(db);
    expect(await applySchema(db)).toEqual({ from: highest, to: highest, applied: [] });
    expect(await versionNode(db)).toEqual(before);
  });

  it('applies only the files added since, and records the version after each, so a failed file runs again', async () => {
    cpSync(path.join(here, '../cypher/schema'), later, { recursive: true });
    const next = (n: number) => String(highest + n).padStart(3, '0');
    writeFileSync(path.join(later, `${next(1)}-post-title.cypher`), 'CREATE INDEX post_title IF NOT EXISTS FOR (n:Post) ON (n.title);\n');
    const dropping = `${next(2)}-drop-import-at.cypher`;
    writeFileSync(path.join(later, dropping), 'DROP INDEX import_at IF EXISTS;\nDROP INDEX this is not cypher;\n');
    const failed = await applySchema(db, later).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(MigrationError);
    expect(failed).toMatchObject({
      message: `schema file ${dropping} failed; the database stays at schema ${highest + 1}`,
      cause: { code: 'Neo.ClientError.Statement.SyntaxError' },
    });
    expect((await versionNode(db))[0]).toMatchObject({ version: highest + 1, files: [...files, `${next(1)}-post-title.cypher`] });
    expect((await indexes(db)).map((i) => i.name)).toContain('post_title');

    writeFileSync(path.join(later, dropping), 'DROP INDEX import_at IF EXISTS;\n');
    expect(await applySchema(db, later)).toEqual({ from: highest + 1, to: highest + 2, applied: [dropping] });
    expect((await indexes(db)).map((i) => i.name)).not.toContain('import_at');
  });

  it('is refused once a later release has upgraded it, and left as that release left it', async () => {
    const before = { version: await versionNode(db), constraints: await constraintNames(db), indexes: await indexes(db), graph: await graphSnapshot(db) };
    expect(before.version[0]).toMatchObject({ version: highest + 2 });
    const refused = await applySchema(db).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(SchemaTooNewError);
    expect((refused as Error).message).toBe(`the database was written by a newer release (schema ${highest + 2}); this release knows up to ${highest}`);
    // nothing applied: import_at, which the later release dropped, is not back
    expect({ version: await versionNode(db), constraints: await constraintNames(db), indexes: await indexes(db), graph: await graphSnapshot(db) }).toEqual(
      before,
    );
  });
});
