import { describe, expect, it } from 'vitest';
import { SchemaFilesError, migrations, orderMigrations } from './schema.ts';

describe('schema files', () => {
  it('apply in the order of their numbers, whatever order the folder lists them in', () => {
    expect(orderMigrations(['003-fulltext.cypher', '001-constraints.cypher', 'README.txt', '002-indexes.cypher'])).toEqual([
      { version: 1, file: '001-constraints.cypher' },
      { version: 2, file: '002-indexes.cypher' },
      { version: 3, file: '003-fulltext.cypher' },
    ]);
  });

  it('refuse a file without its number', () => {
    expect(() => orderMigrations(['001-constraints.cypher', 'imports.cypher'])).toThrow(SchemaFilesError);
    expect(() => orderMigrations(['001-constraints.cypher', '2-indexes.cypher'])).toThrow(/2-indexes.cypher is not named NNN-words.cypher/);
  });

  it('refuse two files with the same number, as when two changes were numbered apart', () => {
    expect(() => orderMigrations(['001-constraints.cypher', '002-indexes.cypher', '002-imports.cypher'])).toThrow(
      /schema files 002-i\w+\.cypher and 002-i\w+\.cypher have the same number/,
    );
  });

  it('refuse a missing number, as when a shipped file was deleted', () => {
    expect(() => orderMigrations(['001-constraints.cypher', '003-fulltext.cypher'])).toThrow(
      'schema file 003-fulltext.cypher is numbered 3, but no file has number 2',
    );
    expect(() => orderMigrations(['002-indexes.cypher'])).toThrow(/no file has number 1/);
    expect(() => orderMigrations([])).toThrow('no schema files');
  });

  it("of this release: 004 adds the Import constraint and index and the version's own constraint", () => {
    const all = migrations();
    expect(all.slice(0, 4).map((m) => m.file)).toEqual(['001-constraints.cypher', '002-indexes.cypher', '003-fulltext.cypher', '004-imports.cypher']);
    expect(all[3]!.statements).toEqual([
      'CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.id IS UNIQUE',
      'CREATE CONSTRAINT import_id IF NOT EXISTS FOR (n:Import) REQUIRE n.id IS UNIQUE',
      'CREATE INDEX import_at IF NOT EXISTS FOR (n:Import) ON (n.at)',
    ]);
    // every schema statement can run again: a file stopped half-way, or a graph from before versions were kept, runs whole
    for (const s of all.flatMap((m) => m.statements).filter((x) => /^(CREATE|DROP) /.test(x))) expect(s).toMatch(/^(CREATE|DROP) [A-Z ]+ \w+ IF (NOT )?EXISTS/);
  });
});
