// Migrations: the files of this folder, applied in the order of their numbers, each once per graph; the graph keeps
// the number of the last one applied (server/db/schema.ts). Never edit or renumber a file a release has shipped:
// change the graph with a new file numbered after the last. Every statement must be safe to run again (IF NOT EXISTS),
// since a file stopped half-way, or a graph older than the schema version, runs the whole file again.
//
// The schema version itself: one (:SchemaVersion {id: 'schema'}) node.
CREATE CONSTRAINT schema_version_id IF NOT EXISTS FOR (n:SchemaVersion) REQUIRE n.id IS UNIQUE;
// The audit trail: one (:Import {id, at, by, action}) per write (import, upload, rebuild), newest first by `at`.
CREATE CONSTRAINT import_id IF NOT EXISTS FOR (n:Import) REQUIRE n.id IS UNIQUE;
CREATE INDEX import_at IF NOT EXISTS FOR (n:Import) ON (n.at);
