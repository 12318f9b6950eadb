// Chinese search: the cjk analyzer indexes overlapping character bigrams, so 规划 finds 国土空间规划.
CREATE FULLTEXT INDEX search IF NOT EXISTS
FOR (n:Unit|Post|Person|WorkItem|Duty|Workflow)
ON EACH [n.name, n.title, n.text]
OPTIONS { indexConfig: { `fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: false } };
