-- Version 4: the assignment fingerprint now counts numbers (not years). Clear the stored
-- fingerprints and threads; the next load recomputes them for every organ (rows without
-- a key or thread are back-filled; see warehouse/sql/threads.sql backfill_keys and
-- touched_organs). Any later change of the macro assignment_key needs a migration like this.
UPDATE assignments SET assignment_key = NULL, thread_id = NULL;
