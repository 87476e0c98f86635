-- assignment_key(text): fingerprint of an assignment's wording, equal regardless of case,
-- punctuation, word order, repeated words and filler words. Also usable by analysts:
--   SELECT * FROM assignments WHERE assignment_key = assignment_key('Att följa ...');
-- Must agree with warehouse/threads.py tokens() (tested).
CREATE OR REPLACE MACRO assignment_key(t) AS left(md5(array_to_string(list_sort(list_distinct(list_filter(
    regexp_extract_all(lower(coalesce(t, '')), '[a-zåäöéü]+'),
    lambda w: length(w) > 2 AND NOT list_contains([
        'att', 'och', 'för', 'med', 'som', 'till', 'ett', 'det', 'den', 'inom', 'samt', 'vid', 'har', 'ska', 'skall', 'under', 'från', 'kring', 'utifrån', 'alla', 'även', 'mer', 'fler', 'bland', 'annat', 'andra', 'detta', 'dessa', 'sin', 'sina', 'sitt', 'vara', 'bli', 'blir', 'genom', 'mellan', 'efter', 'över', 'där', 'här', 'uppdrag', 'uppdraget', 'regionen', 'regionens', 'region', 'nämnden', 'nämndens', 'beredningen', 'beredningens'
    ], w)
))), ' ')), 16);
