-- Version 7: how each page's text was obtained. `text_layer` (the PDF's own text), `ocr` (read from
-- the rendered page by `ocr_engine`, e.g. 'tesseract 5.3.0 swe', with the mean word confidence
-- 0-100 in `ocr_confidence`), or `needs_ocr` (no usable text layer and no OCR engine where the file
-- was extracted: the text is what the layer had, often nothing). Pages loaded before this version
-- read `text_layer` until their file is re-extracted (the extractor version changed with it).
ALTER TABLE pages ADD COLUMN text_source VARCHAR DEFAULT 'text_layer';
ALTER TABLE pages ADD COLUMN ocr_engine VARCHAR;
ALTER TABLE pages ADD COLUMN ocr_confidence DOUBLE;
