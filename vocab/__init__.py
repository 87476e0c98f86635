"""Swedish domain vocabulary every layer may import: month and weekday names, date forms, the
labels of EXTRACTION.md, body words, and the file digest. Standard library only; imports nothing of
ours, so the crawler (pipelines/sources) and the extractor read dates and statuses the same way."""
