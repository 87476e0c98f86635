"""Each asset check fails on data built to break it, and passes on sound data."""

import pandas as pd

from pipelines import checks


def _documents() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "document_id": "r1",
                "doc_type": "aterrapportering",
                "organ": "A",
                "year": 2024,
                "title": "Rapport",
            },
            {"document_id": "k1", "doc_type": "kallelse", "organ": "A", "year": 2024, "title": "Kallelse"},
        ]
    )


def _assignments(statuses: list[str], document_id: str = "r1") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "assignment_id": f"{document_id}-{i}",
                "document_id": document_id,
                "number": i + 1,
                "status": s,
                "ordinal": i,
            }
            for i, s in enumerate(statuses)
        ]
    )


def test_report_without_assignments_fails() -> None:
    good = checks.reports_without_assignments(_documents(), _assignments(["pagar"]))
    assert good.passed
    broken = checks.reports_without_assignments(_documents(), _assignments(["pagar"], document_id="k1"))
    assert not broken.passed
    assert broken.metadata["reports_without_assignments"].value == 1


def test_okant_share_over_threshold_fails() -> None:
    assert checks.okant_share(_assignments(["pagar", "genomfort", "okant", "ej_genomfort"]), 0.5).passed
    broken = checks.okant_share(_assignments(["okant"] * 6 + ["pagar"]), 0.5)
    assert not broken.passed
    assert broken.metadata["okant_share"].value > 0.5
    # One report gone all-okant fails even when the overall share is low.
    mixed = pd.concat(
        [_assignments(["pagar"] * 40, "r1"), _assignments(["okant"] * 6, "r2")], ignore_index=True
    )
    result = checks.okant_share(mixed, 0.5)
    assert not result.passed and result.metadata["documents_over_threshold"].value == 1
    # Only reports count: plan items in an aktivitetsplan have no status statements.
    plan_items = pd.concat(
        [_assignments(["pagar"] * 5, "r1"), _assignments(["okant"] * 10, "k1")], ignore_index=True
    )
    assert not checks.okant_share(plan_items, 0.5).passed
    assert checks.okant_share(plan_items, 0.5, documents=_documents()).passed
    # Empty warehouse: nothing to judge.
    assert checks.okant_share(_assignments([]).reindex(columns=["document_id", "status"]), 0.5).passed


def test_duplicate_keys_fail() -> None:
    sound = {
        "source_files": pd.DataFrame({"sha256": ["a", "b"]}),
        "documents": _documents(),
        "assignments": _assignments(["pagar", "okant"]),
        "meeting_dates": pd.DataFrame({"document_id": ["k1", "k1"], "date": ["2024-03-12", "2024-05-27"]}),
    }
    assert checks.duplicate_keys(sound).passed
    for table, broken_df in {
        "source_files": pd.DataFrame({"sha256": ["a", "a"]}),
        "documents": pd.concat([_documents(), _documents().head(1)]),
        "meeting_dates": pd.DataFrame({"document_id": ["k1", "k1"], "date": ["2024-03-12", "2024-03-12"]}),
    }.items():
        result = checks.duplicate_keys({**sound, table: broken_df})
        assert not result.passed, table
    same_number = _assignments(["pagar", "okant"])
    same_number["number"] = [9, 9]
    result = checks.duplicate_keys({**sound, "assignments": same_number})
    assert not result.passed
    assert result.metadata["duplicates"].value["assignments(document_id, number)"] == 1


def test_meeting_dates_outside_year_fail() -> None:
    docs = _documents()
    ok = pd.DataFrame(
        {
            "document_id": ["k1", "k1", "r1"],
            "date": ["2024-03-12", "2025-01-20", "2023-12-01"],
            "page": [1, 2, 3],
        }
    )
    assert checks.meeting_dates_in_year(docs, ok).passed
    bad = pd.DataFrame({"document_id": ["k1", "r1"], "date": ["2024-03-12", "2019-05-27"], "page": [1, 2]})
    result = checks.meeting_dates_in_year(docs, bad)
    assert not result.passed and result.metadata["outside_year"].value == 1
    # A document without a year cannot be judged.
    no_year = docs.assign(year=[None, None])
    assert checks.meeting_dates_in_year(no_year, bad).passed


def test_source_that_goes_silent_fails() -> None:
    assert checks.sources_yield_files({"portal": 12, "inbox": 0}, None).passed  # first run
    assert checks.sources_yield_files({"portal": 12, "inbox": 0}, {"portal": 10, "inbox": 0}).passed
    silent = checks.sources_yield_files({"portal": 0}, {"portal": 10})
    assert not silent.passed and silent.metadata["silent_sources"].value == ["portal"]
    flagged = checks.sources_yield_files(
        {"portal": 5},
        {"portal": 5},
        [
            {
                "source": "portal",
                "committee": "nara-vard",
                "year": 2024,
                "flagged": True,
                "flag_reason": "0 found",
            }
        ],
    )
    assert not flagged.passed


def test_portal_documents_not_revisited_still_count_as_yield() -> None:
    from pipelines.assets.discover import fetch_totals, source_counts

    # Second nightly run: the portal revisits no old meeting, lists no file, but its coverage
    # still counts the documents it knows; that is not a silent source.
    coverage = [
        {"source": "portal", "committee": "a", "year": 2023, "documents_found": 5, "unchanged": 5},
        {"source": "portal", "committee": "b", "year": 2024, "documents_found": 3, "unchanged": 3},
    ]
    counts = source_counts(["portal", "inbox"], [], coverage)
    assert counts == {"portal": 8, "inbox": 0}
    assert checks.sources_yield_files(counts, {"portal": 8}).passed
    assert fetch_totals([], coverage) == {"found": 8, "unchanged": 8}
    files = [{"source": "inbox", "status": "new"}, {"source": "inbox", "status": "unchanged"}]
    assert source_counts(["inbox"], files, [])["inbox"] == 2


def test_okant_share_ignores_bare_references() -> None:
    # Regression: a report whose many "Uppdrag N riktas till andra beredningar" rows are okant.
    frame = _assignments(["genomfort", "pagar", "okant", "okant", "okant", "okant"])
    assert not checks.okant_share(frame, 0.5).passed
    frame["reference_only"] = [False, False, False, True, True, True]
    assert checks.okant_share(frame, 0.5).passed
