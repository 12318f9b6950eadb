// Look-ups the importer and the analyses make by property other than id.
CREATE INDEX document_name IF NOT EXISTS FOR (n:Document) ON (n.name);
CREATE INDEX unit_name IF NOT EXISTS FOR (n:Unit) ON (n.name);
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name);
CREATE INDEX workflow_code IF NOT EXISTS FOR (n:Workflow) ON (n.code);
CREATE INDEX node_doc_unit IF NOT EXISTS FOR (n:Unit) ON (n.doc);
CREATE INDEX node_doc_post IF NOT EXISTS FOR (n:Post) ON (n.doc);
CREATE INDEX node_doc_item IF NOT EXISTS FOR (n:WorkItem) ON (n.doc);
CREATE INDEX node_doc_duty IF NOT EXISTS FOR (n:Duty) ON (n.doc);
CREATE INDEX node_doc_workflow IF NOT EXISTS FOR (n:Workflow) ON (n.doc);
CREATE INDEX node_doc_step IF NOT EXISTS FOR (n:Step) ON (n.doc);
