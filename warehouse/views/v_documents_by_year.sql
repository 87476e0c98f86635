CREATE OR REPLACE VIEW v_documents_by_year AS
SELECT organ, doc_type, year, count(*) AS n
FROM documents
GROUP BY organ, doc_type, year
ORDER BY year NULLS LAST, organ NULLS LAST, doc_type;
