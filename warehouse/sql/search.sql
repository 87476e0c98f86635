-- Statements of warehouse/search.py, by name: the page index, rebuilt in the working file
-- on every load (before publish), and the search_pages macro analysts call.
-- Needs the fts extension loaded (warehouse/fts.py).

-- name: fold_macro
-- Case and accents folded as the index sees them, except å, ä and ö: folding those merges
-- Swedish words (år/ar, får/far, mål/mal, väg/vag; 3,890 stems of the spaCy Swedish lemma
-- list merge against 242 when only other accents fold: idé/ide, café/cafe). See README.
-- Text with no letter outside ASCII and åäö (most pages) skips strip_accents (half the cost).
CREATE OR REPLACE MACRO search_fold(t) AS
    CASE WHEN regexp_matches(t, '[^\x00-\x7FåäöÅÄÖ]')
         THEN replace(replace(replace(strip_accents(
                  replace(replace(replace(lower(t), 'å', chr(1)), 'ä', chr(2)), 'ö', chr(3))
              ), chr(1), 'å'), chr(2), 'ä'), chr(3), 'ö')
         ELSE lower(t)
    END;

-- name: page_text
-- The indexed copy of every page: a single key column (the index needs one) and folded text.
CREATE OR REPLACE TABLE page_search AS
SELECT sha256 || ':' || page AS page_key, sha256, page, search_fold(text) AS text
FROM pages
WHERE text IS NOT NULL AND trim(text) <> ''
ORDER BY sha256, page;

-- name: stopwords
CREATE OR REPLACE TABLE search_stopwords AS SELECT unnest(?::VARCHAR[]) AS sw;

-- name: index
-- Words are runs of letters and digits (the default keeps only a-z, which would cut
-- 'nämnden' in two and drop '2024' and '23RS1234').
PRAGMA create_fts_index(
    'page_search', 'page_key', 'text',
    stemmer = 'swedish', stopwords = 'search_stopwords',
    ignore = '(\.|[^\p{L}\p{N}])+', strip_accents = 0, lower = 1, overwrite = 1
);

-- name: terms_macro
-- The query's words as the index has them: folded, tokenised, stop words out, stemmed.
CREATE OR REPLACE MACRO search_terms(query) AS (
    SELECT coalesce(list(DISTINCT stem(w, 'swedish') ORDER BY stem(w, 'swedish')), [])
    FROM (SELECT unnest(fts_main_page_search.tokenize(search_fold(query))) AS w)
    WHERE w <> '' AND w NOT IN (SELECT sw FROM search_stopwords)
);

-- name: sort_terms
-- Postings in term order: a query then reads only the row groups holding its terms (zone
-- maps) instead of every posting. Only the row order of the extension's table changes.
CREATE OR REPLACE TABLE fts_main_page_search.terms AS
SELECT * FROM fts_main_page_search.terms ORDER BY termid, docid;

-- name: search_macro
-- search_pages(query [, max_rows := 20]): pages ranked by BM25 (k1 = 1.2, b = 0.75, natural
-- log, as Robertson & Zaragoza), any query word may match; the snippet is 30 words around
-- the first matching word, matching words marked «like this» (punctuation outside the marks).
CREATE OR REPLACE MACRO search_pages(query, max_rows := 20) AS TABLE
WITH q AS (
    -- stems, and the same without accents for a cheap substring test before a word is stemmed
    SELECT stems, list_transform(stems, s -> strip_accents(s)) AS bare
    FROM (SELECT search_terms(query) AS stems)
),
qt AS (
    SELECT d.termid, d.df
    FROM fts_main_page_search.dict AS d
    WHERE d.term IN (SELECT unnest(stems) FROM q)
),
tf AS (
    SELECT t.docid, t.termid, count(*) AS tf
    FROM fts_main_page_search.terms AS t
    WHERE t.termid IN (SELECT termid FROM qt)
    GROUP BY ALL
),
scored AS (
    SELECT tf.docid,
           sum(ln((s.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1)
               * tf.tf * (1.2 + 1) / (tf.tf + 1.2 * (1 - 0.75 + 0.75 * d.len / s.avgdl))) AS score
    FROM tf
    JOIN qt USING (termid)
    JOIN fts_main_page_search.docs AS d USING (docid)
    CROSS JOIN fts_main_page_search.stats AS s
    GROUP BY tf.docid
),
best AS (
    SELECT split_part(d.name, ':', 1) AS sha256, split_part(d.name, ':', 2)::INTEGER AS page, sc.score
    FROM scored AS sc
    JOIN fts_main_page_search.docs AS d USING (docid)
    ORDER BY sc.score DESC, d.name
    LIMIT max_rows
),
words AS (
    SELECT b.*, string_split_regex(trim(p.text), '\s+') AS words
    FROM best AS b
    JOIN pages AS p USING (sha256, page)
),
marked AS (
    -- A word is a hit when one of its tokens stems to a query stem; a stem is a prefix of its
    -- token, so words that contain no query stem at all are passed over without stemming.
    SELECT w.*,
           row_number() OVER (ORDER BY w.score DESC, w.sha256, w.page) AS rank,
           list_transform(w.words, x -> CASE
               WHEN NOT list_bool_or(list_transform(q.bare, s -> contains(strip_accents(lower(x)), s))) THEN false
               ELSE list_has_any(
                   list_transform(fts_main_page_search.tokenize(search_fold(x)), y -> stem(y, 'swedish')),
                   q.stems)
           END) AS hit
    FROM words AS w
    CROSS JOIN q
),
snippets AS (
    SELECT *,
           greatest(1, coalesce(nullif(list_position(hit, true), 0), 1) - 8) AS w0,
           least(len(words), greatest(1, coalesce(nullif(list_position(hit, true), 0), 1) - 8) + 29) AS w1
    FROM marked
)
SELECT s.rank,
       round(s.score, 4) AS score,
       f.file_name,
       doc.title,
       doc.doc_type,
       doc.organ,
       doc.year,
       s.page,
       CASE WHEN s.w0 > 1 THEN '… ' ELSE '' END
           || array_to_string(list_transform(s.words, (w, i) -> CASE WHEN s.hit[i]
               THEN regexp_replace(w, '^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$', '\1«\2»\3') ELSE w END)[s.w0:s.w1], ' ')
           || CASE WHEN s.w1 < len(s.words) THEN ' …' ELSE '' END AS snippet,
       doc.document_id,
       s.sha256,
       f.url
FROM snippets AS s
LEFT JOIN source_files AS f USING (sha256)
LEFT JOIN documents AS doc
       ON doc.sha256 = s.sha256
      AND s.page BETWEEN coalesce(doc.page_start, 1) AND coalesce(doc.page_end, doc.page_start, 1)
QUALIFY row_number() OVER (PARTITION BY s.rank ORDER BY doc.doc_index NULLS LAST) = 1
ORDER BY s.rank;

-- name: has_index
SELECT count(*) = 1 FROM duckdb_functions()
WHERE function_name = 'search_pages' AND schema_name = 'main';

-- name: query_terms
SELECT search_terms(?);

-- name: search
SELECT * FROM search_pages(?, max_rows := ?);
