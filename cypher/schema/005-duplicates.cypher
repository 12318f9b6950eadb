// Duplicates by meaning. One work item or duty per distinct (normalised) text carries the text's vector and the
// label :Statement; posts carry the vector of their whole text. Cosine vector indexes give the nearest neighbours.
CREATE VECTOR INDEX statement_embedding IF NOT EXISTS
FOR (n:Statement) ON n.embedding
OPTIONS { indexConfig: { `vector.dimensions`: 512, `vector.similarity_function`: 'cosine' } };
CREATE VECTOR INDEX post_embedding IF NOT EXISTS
FOR (n:Post) ON n.embedding
OPTIONS { indexConfig: { `vector.dimensions`: 512, `vector.similarity_function`: 'cosine' } };
CREATE INDEX statement_id IF NOT EXISTS FOR (n:Statement) ON (n.id);
// Review marks of duplicate pairs, keyed on the pair's bureaus, units, posts and texts so they outlive re-imports.
CREATE CONSTRAINT review_key IF NOT EXISTS FOR (n:Review) REQUIRE n.key IS UNIQUE;
CREATE INDEX similar_key IF NOT EXISTS FOR ()-[r:SIMILAR_TO]-() ON (r.key);
CREATE CONSTRAINT analysis_state_id IF NOT EXISTS FOR (n:AnalysisState) REQUIRE n.id IS UNIQUE;
