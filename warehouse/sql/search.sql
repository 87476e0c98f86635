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

-- name: merge_definite
-- Snowball's Swedish stemmer leaves the definite neuter singular whole: 'uppdraget',
-- 'sammanträdet', 'beslutet' (and their genitives) are not 'uppdrag', 'sammanträd', 'beslut'.
-- A stem ending in -et (5+ letters) is merged into the stem without -et when the pages have
-- that too (a target that is merged itself is left alone, so merges never chain). On the spaCy
-- Swedish lemma list this joins 30,903 forms to a form of their own lemma and 1,267 to
-- another's only; lemmas split over several stems fall from 85,065 to 77,934 while stems
-- mixing lemmas rise from 15,047 to 15,107 (warehouse/README.md).
CREATE OR REPLACE TABLE fts_main_page_search.merged AS
WITH candidates AS (
    SELECT a.termid AS from_id, a.term, b.termid AS to_id, b.term AS target
    FROM fts_main_page_search.dict AS a
    JOIN fts_main_page_search.dict AS b ON b.term = left(a.term, -2)
    WHERE a.term LIKE '%et' AND length(a.term) >= 5
)
SELECT * FROM candidates WHERE target NOT IN (SELECT term FROM candidates)
ORDER BY term;

-- name: sort_terms
-- Postings with merged stems renamed, in term order: a query then reads only the row groups
-- holding its terms (zone maps) instead of every posting; document frequencies recounted.
CREATE OR REPLACE TABLE fts_main_page_search.terms AS
SELECT t.docid, t.fieldid, coalesce(m.to_id, t.termid) AS termid
FROM fts_main_page_search.terms AS t
LEFT JOIN fts_main_page_search.merged AS m ON m.from_id = t.termid
ORDER BY termid, t.docid;
CREATE OR REPLACE TABLE fts_main_page_search.dict AS
SELECT d.termid, d.term, c.df
FROM fts_main_page_search.dict AS d
JOIN (SELECT termid, count(DISTINCT docid) AS df FROM fts_main_page_search.terms GROUP BY termid) AS c
    USING (termid)
ORDER BY d.termid;

-- name: terms_macro
-- The query's words as the index has them: folded, tokenised, stop words out, stemmed, and
-- merged as the pages' stems were (also a definite form the pages lack: 'uppdraget' finds
-- 'uppdrag' when no page says 'uppdraget').
CREATE OR REPLACE MACRO search_terms(query) AS (
    SELECT coalesce(list(DISTINCT term ORDER BY term), [])
    FROM (
        SELECT coalesce(
                   m.target,
                   CASE WHEN s.stem LIKE '%et' AND length(s.stem) >= 5
                             AND s.stem NOT IN (SELECT term FROM fts_main_page_search.dict)
                             AND left(s.stem, -2) IN (SELECT term FROM fts_main_page_search.dict)
                        THEN left(s.stem, -2) END,
                   s.stem) AS term
        FROM (
            SELECT stem(w, 'swedish') AS stem
            FROM (SELECT unnest(fts_main_page_search.tokenize(search_fold(query))) AS w)
            WHERE w <> '' AND w NOT IN (SELECT sw FROM search_stopwords)
        ) AS s
        LEFT JOIN fts_main_page_search.merged AS m ON m.term = s.stem
    )
);

-- name: search_macro
-- search_pages(query [, max_rows := 20]): pages ranked by BM25 (k1 = 1.2, b = 0.75, natural
-- log, as Robertson & Zaragoza), any query word may match; the snippet is 30 words around
-- the first matching word, matching words marked «like this» (punctuation outside the marks).
CREATE OR REPLACE MACRO search_pages(query, max_rows := 20) AS TABLE
WITH q AS (
    -- stems; the stems merged into them (a page word is a hit when it stems to either); the
    -- stems without accents for a cheap substring test before a word is stemmed
    SELECT stems,
           list_distinct(stems || coalesce(
               (SELECT list(m.term) FROM fts_main_page_search.merged AS m WHERE list_contains(stems, m.target)),
               [])) AS variants,
           list_transform(stems, s -> strip_accents(s)) AS bare
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
                   q.variants)
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
