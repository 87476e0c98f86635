"""The values EXTRACTION.md gives facts: statuses, beredning, document types."""

from __future__ import annotations

STATUSES = ("genomfort", "arsdel_genomford", "ej_genomfort", "pagar", "okant")
# Judged done: the whole assignment, or this year's part of a multi-year one.
DONE = ("genomfort", "arsdel_genomford")
# A judgment at the year's end (done or not done); it outranks "pagar", which outranks "okant".
YEAR_END = (*DONE, "ej_genomfort")
STATUS_RANK = {"okant": 0, "pagar": 1} | dict.fromkeys(YEAR_END, 2)

BEREDNING = ("behandlat", "ej_behandlat", "ej_aktuellt")
DOC_TYPES = (
    "kallelse",
    "aterrapportering",
    "aktivitetsplan",
    "protokoll",
    "foredragningspm",
    "anteckningar",
    "ovrigt",
)
