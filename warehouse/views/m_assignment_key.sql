-- assignment_key(text): fingerprint of an assignment's wording, equal regardless of case,
-- punctuation, word order, repeated words and filler words. Numbers count ("Uppdrag 6 och 7
-- riktas till andra beredningar" differs from "Uppdrag 9 och 10 ..."), years do not, so
-- "under 2023" and "under 2024" agree. Also usable by analysts:
--   SELECT * FROM assignments WHERE assignment_key = assignment_key('Att följa ...');
-- Must agree with warehouse/threads.py tokens() (tested).
CREATE OR REPLACE MACRO assignment_key(t) AS left(md5(array_to_string(list_sort(list_distinct(list_filter(
    regexp_extract_all(lower(coalesce(t, '')), '[a-zåäöéü]+|[0-9]+'),
    lambda w: CASE WHEN regexp_full_match(w, '[0-9]+') THEN NOT regexp_full_match(w, '(19|20)[0-9][0-9]')
                   ELSE length(w) > 2 AND NOT list_contains([
        'att', 'och', 'för', 'med', 'som', 'till', 'ett', 'det', 'den', 'inom', 'samt', 'vid', 'har', 'ska', 'skall', 'under', 'från', 'kring', 'utifrån', 'alla', 'även', 'mer', 'fler', 'bland', 'annat', 'andra', 'detta', 'dessa', 'sin', 'sina', 'sitt', 'vara', 'bli', 'blir', 'genom', 'mellan', 'efter', 'över', 'där', 'här', 'uppdrag', 'uppdraget', 'regionen', 'regionens', 'region', 'nämnden', 'nämndens', 'beredningen', 'beredningens'
    ], w) END
))), ' ')), 16);
